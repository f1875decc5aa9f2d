using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>Encodes a picture in the requested output format; the one place that picks an encoder.</summary>
internal static class ImageEncoder
{
    public static byte[] Encode(IPicture picture, ImageOutput output)
    {
        int width = picture.Width;
        int height = picture.Height;
        return output.Format switch
        {
            ImageOutput.JpegFormat => JpegEncoder.Encode(width, height, output.Compression, (y, row) => picture.FillRow(y, 0, row, 4)),
            ImageOutput.WebpFormat => WebpLosslessEncoder.Encode(width, height, picture.Transparent, (y, row) => picture.FillRow(y, 0, row, 4)),
            ImageOutput.GifFormat => GifEncoder.Encode(width, height, output.FrameCount, output.FrameDurationMs, (frame, y, row) => picture.FillRow(y, FrameShift(picture, frame, output.FrameCount), row, 4)),
            ImageOutput.SvgFormat => SvgWriter.Write(picture.Outline),
            ImageOutput.PngFormat => PngEncoder.Encode(width, height, picture.Transparent, (y, row) => picture.FillRow(y, 0, row, picture.Transparent ? 4 : 3)),
            _ => throw new ArgumentOutOfRangeException(nameof(output), output.Format, "The emulator writes png, jpeg, webp, gif and svg."),
        };
    }

    // Frame k moves the ramp k/n of the way along the diagonal, so the loop comes back to frame 0 (the still image).
    private static int FrameShift(IPicture picture, int frame, int frameCount) =>
        (int)((long)picture.Steps * frame / frameCount);
}
