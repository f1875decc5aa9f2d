using System;
using System.Collections.Generic;

namespace OpenAIImages.Testing.Imaging;

/// <summary>
/// The decoded inputs of an edit or variation, and how the emulator draws its answer from them: the first image is the
/// base; a mask's opaque pixels keep the base's pixels and its transparent ones (alpha 0) are repainted with the
/// prompt's gradient mixed with the other inputs, so every input leaves a trace and a wrong mask shows.
/// </summary>
internal sealed class InputImages
{
    private readonly DecodedImage _base;
    private readonly DecodedImage? _mask;
    private readonly List<DecodedImage> _others;

    private InputImages(DecodedImage first, DecodedImage? mask, List<DecodedImage> others)
    {
        _base = first;
        _mask = mask;
        _others = others;
    }

    /// <summary>Decodes the inputs (files, or data URLs of a JSON edit); <see langword="null"/> when the first one is not a PNG <see cref="PngDecoder"/> reads (the answer is then the gradient alone).</summary>
    public static InputImages? Decode(IReadOnlyList<byte[]> inputs, byte[]? mask)
    {
        if (inputs.Count == 0 || PngDecoder.Decode(Bytes(inputs[0])) is not { } first)
        {
            return null;
        }

        var others = new List<DecodedImage>();
        for (int i = 1; i < inputs.Count; i++)
        {
            if (PngDecoder.Decode(Bytes(inputs[i])) is { } other)
            {
                others.Add(other);
            }
        }

        return new InputImages(first, mask is null ? null : PngDecoder.Decode(Bytes(mask)), others);
    }

    /// <summary>Gets a file's bytes, or those of a JSON edit's <c>data:image/...;base64,</c> URL; any other reference (https, file id) is not fetched, and decodes to nothing.</summary>
    private static byte[] Bytes(byte[] input)
    {
        ReadOnlySpan<byte> marker = ";base64,"u8;
        if (!input.AsSpan().StartsWith("data:image/"u8) || input.AsSpan().IndexOf(marker) is not (> 0 and int at))
        {
            return input;
        }

        try
        {
            return Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(input, at + marker.Length, input.Length - at - marker.Length));
        }
        catch (FormatException)
        {
            return [];
        }
    }

    /// <summary>
    /// Draws one answer at the gradient's size. Without a mask every pixel is three quarters the base and one quarter the
    /// gradient (half base, a quarter each gradient and the other inputs when there are several): a variation, or an edit of
    /// the whole image. With a mask, opaque pixels are the base's exactly and transparent ones are repainted, never equal to the base's.
    /// </summary>
    public Canvas Paint(Gradient gradient)
    {
        int width = gradient.Width;
        int height = gradient.Height;
        var canvas = new Canvas(width, height, gradient.Transparent, gradient);
        Span<int> others = stackalloc int[4];
        byte[] paintRow = new byte[width * 4];
        for (int y = 0; y < height; y++)
        {
            gradient.FillRow(y, 0, paintRow, 4);
            for (int x = 0; x < width; x++)
            {
                ReadOnlySpan<byte> input = _base.Sample(x, y, width, height);
                var paint = new Rgba(paintRow[x * 4], paintRow[(x * 4) + 1], paintRow[(x * 4) + 2], paintRow[(x * 4) + 3]);
                bool hasOthers = OthersAt(x, y, width, height, others);
                Span<byte> pixel = canvas.Pixel(x, y);
                if (_mask is not null)
                {
                    if (_mask.Sample(x, y, width, height)[3] != 0)
                    {
                        input.CopyTo(pixel);
                        continue;
                    }

                    pixel[0] = hasOthers ? (byte)((paint.R + others[0]) / 2) : paint.R;
                    pixel[1] = hasOthers ? (byte)((paint.G + others[1]) / 2) : paint.G;
                    pixel[2] = hasOthers ? (byte)((paint.B + others[2]) / 2) : paint.B;
                    pixel[3] = 255;
                    if (pixel[..3].SequenceEqual(input[..3]))
                    {
                        pixel[0] ^= 0x80; // a repainted pixel always differs from the input, so a test can see the mask applied
                    }

                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    int p = c switch { 0 => paint.R, 1 => paint.G, _ => paint.B };
                    pixel[c] = hasOthers
                        ? (byte)(((2 * input[c]) + p + others[c]) / 4)
                        : (byte)(((3 * input[c]) + p) / 4);
                }

                pixel[3] = input[3];
            }
        }

        return canvas;
    }

    private bool OthersAt(int x, int y, int width, int height, Span<int> sum)
    {
        if (_others.Count == 0)
        {
            return false;
        }

        sum.Clear();
        foreach (DecodedImage other in _others)
        {
            ReadOnlySpan<byte> pixel = other.Sample(x, y, width, height);
            sum[0] += pixel[0];
            sum[1] += pixel[1];
            sum[2] += pixel[2];
        }

        sum[0] /= _others.Count;
        sum[1] /= _others.Count;
        sum[2] /= _others.Count;
        return true;
    }
}
