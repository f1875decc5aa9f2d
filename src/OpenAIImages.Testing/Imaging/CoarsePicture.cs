using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>A rougher copy of a picture, in square blocks of one colour: what a partial image shows before the final one.</summary>
internal sealed class CoarsePicture : IPicture
{
    private readonly IPicture _fine;
    private readonly int _block;

    /// <param name="fine">The final picture.</param>
    /// <param name="block">The block edge in pixels; 1 is the picture itself.</param>
    public CoarsePicture(IPicture fine, int block)
    {
        _fine = fine;
        _block = Math.Max(1, block);
    }

    public int Width => _fine.Width;

    public int Height => _fine.Height;

    public bool Transparent => _fine.Transparent;

    public Gradient Outline => _fine.Outline;

    public int Steps => _fine.Steps;

    /// <summary>The block edge of partial <paramref name="index"/> of <paramref name="count"/>: 8 pixels for the last, doubling towards the first.</summary>
    public static int BlockOf(int index, int count) => 8 << Math.Clamp(count - 1 - index, 0, 8);

    public void FillRow(int y, int shift, Span<byte> row, int channels)
    {
        _fine.FillRow(y / _block * _block, shift, row, channels);
        int pixels = row.Length / channels;
        for (int x = 0; x < pixels; x++)
        {
            int from = x / _block * _block;
            if (from != x)
            {
                row.Slice(from * channels, channels).CopyTo(row.Slice(x * channels, channels));
            }
        }
    }
}
