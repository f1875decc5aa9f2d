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

    /// <summary>Stores an image and returns its file name: <c>img_</c> + hex + <c>.</c> + the format (<c>png</c>, <c>jpeg</c>, <c>webp</c>, <c>gif</c>, <c>svg</c>).</summary>
    public string Add(byte[] image, string format)
    {
        string file = "img_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + "." + format;
        _images[file] = image;
        _order.Enqueue(file);
        while (_order.Count > Capacity && _order.TryDequeue(out string? oldest))
        {
            _images.TryRemove(oldest, out _);
        }

        return file;
    }

    public byte[]? Find(string file) => _images.TryGetValue(file, out byte[]? image) ? image : null;
}
