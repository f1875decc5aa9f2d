using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>A diagonal two-colour gradient whose colours come from a seed: pixel (x, y) depends only on x + y, so every row is a window into one ramp.</summary>
internal sealed class Gradient : IPicture
{
    private readonly byte[] _ramp;
    private readonly int _steps;

    public Gradient(int width, int height, ulong seed, bool transparent)
    {
        Width = width;
        Height = height;
        Transparent = transparent;
        Start = new Rgb((byte)seed, (byte)(seed >> 8), (byte)(seed >> 16));
        End = new Rgb((byte)(seed >> 24), (byte)(seed >> 32), (byte)(seed >> 40));
        _steps = width + height - 1;
        _ramp = new byte[_steps * 4];
        for (int d = 0; d < _steps; d++)
        {
            Rgba colour = At(d);
            _ramp[d * 4] = colour.R;
            _ramp[(d * 4) + 1] = colour.G;
            _ramp[(d * 4) + 2] = colour.B;
            _ramp[(d * 4) + 3] = colour.A;
        }
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Gets whether the gradient carries an alpha ramp: clear at the top-left corner, opaque at the bottom-right.</summary>
    public bool Transparent { get; }

    /// <inheritdoc />
    public Gradient Outline => this;

    /// <summary>Gets the colour at the top-left corner.</summary>
    public Rgb Start { get; }

    /// <summary>Gets the colour at the bottom-right corner.</summary>
    public Rgb End { get; }

    /// <summary>Gets how many diagonals the ramp has (<c>width + height - 1</c>); a frame shift is taken modulo this.</summary>
    public int Steps => _steps;

    /// <summary>Gets the colour of pixel (x, y) of the still image.</summary>
    public Rgba Pixel(int x, int y) => At(x + y);

    /// <summary>Fills row <paramref name="y"/> with RGB (3 channels) or RGBA (4); <paramref name="shift"/> moves the ramp along the diagonal, wrapping, for animation frames.</summary>
    public void FillRow(int y, int shift, Span<byte> row, int channels)
    {
        int start = (y + shift) % _steps;
        if (channels == 4)
        {
            // The row is at most Width pixels; the ramp is copied in at most two runs around the wrap.
            int pixels = row.Length / 4;
            int first = Math.Min(pixels, _steps - start);
            _ramp.AsSpan(start * 4, first * 4).CopyTo(row);
            if (first < pixels)
            {
                _ramp.AsSpan(0, (pixels - first) * 4).CopyTo(row[(first * 4)..]);
            }

            return;
        }

        for (int x = 0, d = start; x < row.Length / channels; x++, d = d + 1 == _steps ? 0 : d + 1)
        {
            _ramp.AsSpan(d * 4, channels).CopyTo(row.Slice(x * channels, channels));
        }
    }

    private Rgba At(int d)
    {
        int span = Math.Max(1, _steps - 1);
        return new Rgba(
            (byte)(Start.R + (((End.R - Start.R) * d) / span)),
            (byte)(Start.G + (((End.G - Start.G) * d) / span)),
            (byte)(Start.B + (((End.B - Start.B) * d) / span)),
            Transparent ? (byte)((255 * d) / span) : (byte)255);
    }
}
