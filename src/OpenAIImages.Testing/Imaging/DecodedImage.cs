using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>An uploaded image's pixels: 8-bit straight RGBA, row after row.</summary>
internal sealed class DecodedImage
{
    public DecodedImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Rgba { get; }

    /// <summary>Gets the pixel that lands at (x, y) when this image is stretched (nearest neighbour) to <paramref name="width"/> by <paramref name="height"/>.</summary>
    public ReadOnlySpan<byte> Sample(int x, int y, int width, int height)
    {
        int sx = (int)((long)x * Width / width);
        int sy = (int)((long)y * Height / height);
        return Rgba.AsSpan((((sy * Width) + sx) * 4), 4);
    }
}
