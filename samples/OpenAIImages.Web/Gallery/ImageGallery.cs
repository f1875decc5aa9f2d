using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace OpenAIImages.Web.Gallery;

/// <summary>The images made since the app started, newest first, in memory only; the oldest go when it is full.</summary>
internal sealed class ImageGallery
{
    private readonly Lock _lock = new();
    private readonly LinkedList<GalleryItem> _items = new();
    private readonly int _capacity;
    private int _next;

    public ImageGallery(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Stores an image under a new id and returns it.</summary>
    public GalleryItem Add(Func<string, GalleryItem> create)
    {
        lock (_lock)
        {
            GalleryItem item = create((++_next).ToString(CultureInfo.InvariantCulture));
            _items.AddFirst(item);
            if (_items.Count > _capacity)
            {
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
