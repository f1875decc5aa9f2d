using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>A picture held as RGBA pixels: what an edit or variation draws from its inputs.</summary>
internal sealed class Canvas : IPicture
{
    private readonly byte[] _rgba;

    /// <summary>Creates a blank canvas; <paramref name="outline"/> is the gradient an SVG answer draws instead.</summary>
    public Canvas(int width, int height, bool transparent, Gradient outline)
    {
        Width = width;
        Height = height;
        Transparent = transparent;
        Outline = outline;
        _rgba = new byte[width * height * 4];
    }

    public int Width { get; }

    public int Height { get; }

    public bool Transparent { get; }

    public Gradient Outline { get; }

    /// <summary>Gets the width: an animation frame rolls the rows sideways.</summary>
    public int Steps => Width;

    /// <summary>Gets pixel (x, y), four bytes RGBA, to paint.</summary>
    public Span<byte> Pixel(int x, int y) => _rgba.AsSpan(((y * Width) + x) * 4, 4);

    public void FillRow(int y, int shift, Span<byte> row, int channels)
    {
        ReadOnlySpan<byte> source = _rgba.AsSpan(y * Width * 4, Width * 4);
        int pixels = Math.Min(Width, row.Length / channels);
        for (int x = 0; x < pixels; x++)
        {
            int from = (x + shift) % Width;
            source.Slice(from * 4, channels).CopyTo(row.Slice(x * channels, channels));
        }
    }
}
