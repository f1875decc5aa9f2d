using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace OpenAIImages.Web.Gallery;

/// <summary>
/// The images made since the app started, newest first, in memory only; the oldest go when it holds more images than
/// its capacity or more bytes than its budget (the newest image always stays).
/// </summary>
internal sealed class ImageGallery
{
    private readonly Lock _lock = new();
    private readonly LinkedList<GalleryItem> _items = new();
    private readonly int _capacity;
    private readonly long _maxBytes;
    private long _bytes;
    private int _next;

    public ImageGallery(int capacity, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _capacity = capacity;
        _maxBytes = maxBytes;
    }

    /// <summary>Stores an image under a new id and returns it.</summary>
    public GalleryItem Add(Func<string, GalleryItem> create)
    {
        lock (_lock)
        {
            GalleryItem item = create((++_next).ToString(CultureInfo.InvariantCulture));
            _items.AddFirst(item);
            _bytes += item.Bytes.Length;
            while (_items.Count > 1 && (_items.Count > _capacity || _bytes > _maxBytes))
            {
                _bytes -= _items.Last!.Value.Bytes.Length;
                _items.RemoveLast();
            }

            return item;
        }
    }

    public GalleryItem? Find(string id)
    {
        lock (_lock)
        {
            return _items.FirstOrDefault(item => item.Id == id);
        }
    }

    public IReadOnlyList<GalleryItem> Newest()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }
}
