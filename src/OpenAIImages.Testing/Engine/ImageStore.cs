using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OpenAIImages.Testing.Engine;

/// <summary>Keeps the images answered as <c>url</c> so the emulator can serve them; the oldest are dropped past a cap to bound memory.</summary>
internal sealed class ImageStore
{
    private const int Capacity = 256;

    private readonly ConcurrentDictionary<string, byte[]> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Stores a PNG and returns its id (<c>img_</c> + hex).</summary>
    public string Add(byte[] png)
    {
        string id = "img_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _images[id] = png;
        _order.Enqueue(id);
        while (_order.Count > Capacity && _order.TryDequeue(out string? oldest))
        {
            _images.TryRemove(oldest, out _);
        }

        return id;
    }

    public byte[]? Find(string id) => _images.TryGetValue(id, out byte[]? png) ? png : null;
}
