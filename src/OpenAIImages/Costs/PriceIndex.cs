using System;
using System.Collections.Generic;
using System.Globalization;

namespace OpenAIImages.Costs;

/// <summary>
/// A price entry's per-image prices and output tokens by (size, quality), read once from their <c>{size}/{quality}</c>
/// keys: every answer without usage is priced by them (and every call a budget holds estimated), and looking them up
/// must not build a key string each time.
/// </summary>
/// <remarks>Made from an entry nobody changes any more (the table's, or a client's copy), and kept on it.</remarks>
internal sealed class PriceIndex
{
    private static readonly KeyComparer Comparer = new();

    private readonly Dictionary<(string Size, string Quality), decimal> _perImage = new(Comparer);
    private readonly Dictionary<(string Size, string Quality), int> _tokens = new(Comparer);
    private readonly List<string> _sizes = [];
    private readonly List<string> _qualities = [];
    private readonly List<(string Size, string Quality, long Pixels)> _priced = [];

    public PriceIndex(ImageModelPrice price)
    {
        foreach (KeyValuePair<string, decimal> entry in price.PerImage)
        {
            _perImage[Add(entry.Key)] = entry.Value;
        }

        foreach (KeyValuePair<string, int> entry in price.OutputTokensPerImage)
        {
            _tokens[Add(entry.Key)] = entry.Value;
        }
    }

    /// <summary>Gets every size the entry lists.</summary>
    public IReadOnlyList<string> Sizes => _sizes;

    /// <summary>Gets every quality the entry lists.</summary>
    public IReadOnlyList<string> Qualities => _qualities;

    /// <summary>Gets every (size, quality) listed with its pixels, for sizes of the form <c>WxH</c>; a size priced whatever the quality has an empty quality.</summary>
    public IReadOnlyList<(string Size, string Quality, long Pixels)> Priced => _priced;

    /// <summary>Finds the price of one image: by size and quality, else by size alone.</summary>
    public decimal? PerImage(string size, string? quality) =>
        quality is not null && _perImage.TryGetValue((size, quality), out decimal both) ? both
        : _perImage.TryGetValue((size, string.Empty), out decimal bySize) ? bySize : null;

    /// <summary>Finds the output tokens of one image of a size and quality.</summary>
    public int? Tokens(string size, string quality) => _tokens.TryGetValue((size, quality), out int tokens) ? tokens : null;

    /// <summary>Reads <c>WxH</c> into its pixels; false for any other text.</summary>
    public static bool TryPixels(string size, out long pixels)
    {
        pixels = 0;
        int x = size.IndexOf('x');
        if (x > 0 && int.TryParse(size.Substring(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            && int.TryParse(size.Substring(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int height) && width > 0 && height > 0)
        {
            pixels = (long)width * height;
        }

        return pixels > 0;
    }

    private (string Size, string Quality) Add(string key)
    {
        int slash = key.IndexOf('/');
        (string Size, string Quality) parsed = slash < 0 ? (key, string.Empty) : (key.Substring(0, slash), key.Substring(slash + 1));
        AddOnce(_sizes, parsed.Size);
        if (parsed.Quality.Length > 0)
        {
            AddOnce(_qualities, parsed.Quality);
        }

        if (TryPixels(parsed.Size, out long pixels) && !_priced.Exists(p => Comparer.Equals((p.Size, p.Quality), parsed)))
        {
            _priced.Add((parsed.Size, parsed.Quality, pixels));
        }

        return parsed;
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Exists(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase)))
        {
            list.Add(value);
        }
    }

    private sealed class KeyComparer : IEqualityComparer<(string Size, string Quality)>
    {
        public bool Equals((string Size, string Quality) x, (string Size, string Quality) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Size, y.Size) && StringComparer.OrdinalIgnoreCase.Equals(x.Quality, y.Quality);

        public int GetHashCode((string Size, string Quality) key) =>
            (StringComparer.OrdinalIgnoreCase.GetHashCode(key.Size) * 31) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(key.Quality);
    }
}
