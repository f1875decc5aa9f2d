using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>Encodes a gradient in the requested output format; the one place that picks an encoder.</summary>
internal static class ImageEncoder
{
    public static byte[] Encode(Gradient gradient, ImageOutput output)
    {
        int width = gradient.Width;
        int height = gradient.Height;
        return output.Format switch
        {
            ImageOutput.JpegFormat => JpegEncoder.Encode(width, height, output.Compression, (y, row) => gradient.FillRow(y, 0, row, 4)),
            ImageOutput.WebpFormat => WebpLosslessEncoder.Encode(width, height, gradient.Transparent, (y, row) => gradient.FillRow(y, 0, row, 4)),
            ImageOutput.GifFormat => GifEncoder.Encode(width, height, output.FrameCount, output.FrameDurationMs, (frame, y, row) => gradient.FillRow(y, FrameShift(gradient, frame, output.FrameCount), row, 4)),
            ImageOutput.SvgFormat => SvgWriter.Write(gradient),
            ImageOutput.PngFormat => PngEncoder.Encode(width, height, gradient.Transparent, (y, row) => gradient.FillRow(y, 0, row, gradient.Transparent ? 4 : 3)),
            _ => throw new ArgumentOutOfRangeException(nameof(output), output.Format, "The emulator writes png, jpeg, webp, gif and svg."),
        };
    }

    // Frame k moves the ramp k/n of the way along the diagonal, so the loop comes back to frame 0 (the still image).
    private static int FrameShift(Gradient gradient, int frame, int frameCount) =>
        (int)((long)gradient.Steps * frame / frameCount);
}
