using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace OpenAIImages.Testing.Imaging;

/// <summary>
/// Reads the pixels of the PNGs tests upload: 8-bit greyscale, grey with alpha, RGB, RGBA and palette (with
/// <c>tRNS</c>), not interlaced. Anything else (16-bit or sub-byte depths, Adam7, JPEG, WebP) gives <see langword="null"/>,
/// and the emulator draws the prompt's gradient instead.
/// </summary>
internal static class PngDecoder
{
    /// <summary>The most pixels decoded (4096 x 4096); a larger upload gets the gradient, to bound memory.</summary>
    private const long MaxPixels = 4096L * 4096;

    public static DecodedImage? Decode(ReadOnlySpan<byte> png)
    {
        try
        {
            return DecodeCore(png);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static DecodedImage? DecodeCore(ReadOnlySpan<byte> png)
    {
        if (ImageFormat.Sniff(png) is not { IsPng: true } format || format.Width <= 0 || format.Height <= 0 || (long)format.Width * format.Height > MaxPixels)
        {
            return null;
        }

        int width = format.Width;
        int height = format.Height;
        int bitDepth = png[24];
        int colourType = png[25];
        int interlace = png[28];
        int channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        if (bitDepth != 8 || channels == 0 || interlace != 0)
        {
            return null;
        }

        byte[]? palette = null;
        byte[]? paletteAlpha = null;
        using var idat = new MemoryStream();
        int offset = 8;
        while (offset + 12 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.Slice(offset, 4));
            if (length < 0 || offset + 12 + length > png.Length)
            {
                return null;
            }

            ReadOnlySpan<byte> type = png.Slice(offset + 4, 4);
            ReadOnlySpan<byte> data = png.Slice(offset + 8, length);
            if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(data);
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                palette = data.ToArray();
            }
            else if (type.SequenceEqual("tRNS"u8))
            {
                paletteAlpha = data.ToArray();
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            offset += 12 + length;
        }

        if (colourType == 3 && palette is null)
        {
            return null;
        }

        int stride = width * channels;
        byte[] rgba = new byte[(long)width * height * 4];
        byte[] previous = new byte[stride];
        byte[] current = new byte[stride];
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        Span<byte> filter = stackalloc byte[1];
        for (int y = 0; y < height; y++)
        {
            if (inflate.ReadAtLeast(filter, 1, throwOnEndOfStream: false) < 1 || inflate.ReadAtLeast(current, stride, throwOnEndOfStream: false) < stride)
            {
                return null;
            }

            Unfilter(filter[0], current, previous, channels);
            Expand(current, rgba.AsSpan(y * width * 4, width * 4), colourType, palette, paletteAlpha);
            (previous, current) = (current, previous);
        }

        return new DecodedImage(width, height, rgba);
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> above, int bpp)
    {
        for (int i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0;
            int up = above[i];
            int upLeft = i >= bpp ? above[i - bpp] : 0;
            int predictor = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException("Unknown PNG filter type."),
            };
            row[i] = (byte)(row[i] + predictor);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Expand(ReadOnlySpan<byte> row, Span<byte> rgba, int colourType, byte[]? palette, byte[]? paletteAlpha)
    {
        for (int x = 0; x < rgba.Length / 4; x++)
        {
            Span<byte> pixel = rgba.Slice(x * 4, 4);
            switch (colourType)
            {
                case 0:
                    pixel[0] = pixel[1] = pixel[2] = row[x];
                    pixel[3] = 255;
                    break;
                case 4:
                    pixel[0] = pixel[1] = pixel[2] = row[x * 2];
                    pixel[3] = row[(x * 2) + 1];
                    break;
                case 2:
                    row.Slice(x * 3, 3).CopyTo(pixel);
                    pixel[3] = 255;
                    break;
                case 6:
                    row.Slice(x * 4, 4).CopyTo(pixel);
                    break;
                default:
                    int index = row[x];
                    if ((index * 3) + 2 >= palette!.Length)
                    {
                        throw new InvalidDataException("PNG palette index out of range.");
                    }

                    pixel[0] = palette[index * 3];
                    pixel[1] = palette[(index * 3) + 1];
                    pixel[2] = palette[(index * 3) + 2];
                    pixel[3] = paletteAlpha is not null && index < paletteAlpha.Length ? paletteAlpha[index] : (byte)255;
                    break;
            }
        }
    }
}
