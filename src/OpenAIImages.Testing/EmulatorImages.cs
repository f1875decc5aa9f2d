using System;
using System.Drawing;
using OpenAIImages.Testing.Imaging;

namespace OpenAIImages.Testing;

/// <summary>Makes the PNGs a test uploads: input images and edit masks, without an image library or a PNG encoder of your own.</summary>
/// <remarks>Every image is an 8-bit RGBA PNG (colour type 6), as edit masks must be; the same arguments always give the same bytes.</remarks>
public static class EmulatorImages
{
    /// <summary>The largest edge these helpers draw; larger uploads are beyond what any model takes.</summary>
    private const int MaxEdge = 8192;

    /// <summary>Creates an opaque RGBA PNG with a diagonal colour gradient, to upload as an input image.</summary>
    /// <param name="width">The width in pixels, 1 to 8192.</param>
    /// <param name="height">The height in pixels, 1 to 8192.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 1 to 8192.</exception>
    public static byte[] CreatePng(int width, int height)
    {
        CheckEdges(width, height);
        return PngEncoder.Encode(width, height, withAlpha: true, (y, row) =>
        {
            for (int x = 0; x < width; x++)
            {
                Span<byte> pixel = row.Slice(x * 4, 4);
                pixel[0] = (byte)(255 * x / Math.Max(1, width - 1));
                pixel[1] = (byte)(255 * y / Math.Max(1, height - 1));
                pixel[2] = 160;
                pixel[3] = 255;
            }
        });
    }

    /// <summary>Creates an edit mask: opaque white everywhere except <paramref name="transparentRegion"/>, which is fully transparent (alpha 0) and marks where the model may paint.</summary>
    /// <param name="width">The width in pixels, 1 to 8192; it must match the image being edited.</param>
    /// <param name="height">The height in pixels, 1 to 8192; it must match the image being edited.</param>
    /// <param name="transparentRegion">The area to edit, in pixels from the top-left corner; it must lie within the image and may be empty.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 1 to 8192, or <paramref name="transparentRegion"/> has a negative size or reaches outside the image.</exception>
    public static byte[] CreateMask(int width, int height, Rectangle transparentRegion)
    {
        CheckEdges(width, height);
        if (transparentRegion.Width < 0 || transparentRegion.Height < 0
            || transparentRegion.X < 0 || transparentRegion.Y < 0
            || transparentRegion.Right > width || transparentRegion.Bottom > height)
        {
            throw new ArgumentOutOfRangeException(
                nameof(transparentRegion),
                transparentRegion,
                $"The transparent region must lie within the {width}x{height} image.");
        }

        return PngEncoder.Encode(width, height, withAlpha: true, (y, row) =>
        {
            row.Fill(255);
            if (y < transparentRegion.Top || y >= transparentRegion.Bottom)
            {
                return;
            }

            for (int x = transparentRegion.Left; x < transparentRegion.Right; x++)
            {
                row.Slice(x * 4, 4).Clear();
            }
        });
    }

    private static void CheckEdges(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxEdge);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxEdge);
    }
}
