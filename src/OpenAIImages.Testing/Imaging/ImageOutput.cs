namespace OpenAIImages.Testing.Imaging;

/// <summary>How to encode a picture: the API's <c>output_format</c>, <c>output_compression</c>, and for GIF <c>frame_count</c> and <c>frame_duration_ms</c>.</summary>
/// <param name="Format">png, jpeg, webp, gif or svg.</param>
/// <param name="Compression">0–100; the JPEG quality (100 best). WebP is lossless here, so it ignores it.</param>
/// <param name="FrameCount">The GIF's frames.</param>
/// <param name="FrameDurationMs">How long each GIF frame shows, in milliseconds.</param>
internal sealed record ImageOutput(string Format, int Compression = 100, int FrameCount = 9, int FrameDurationMs = 200)
{
    public const string PngFormat = "png";
    public const string JpegFormat = "jpeg";
    public const string WebpFormat = "webp";
    public const string GifFormat = "gif";
    public const string SvgFormat = "svg";

    public static ImageOutput Png { get; } = new(PngFormat);

    /// <summary>Gets the Content-Type the emulator serves the image with.</summary>
    public string MediaType => MediaTypeOf(Format);

    /// <summary>Gets the file extension of served image URLs, without the dot.</summary>
    public string Extension => Format;

    /// <summary>The Content-Type of a format, or <c>application/octet-stream</c> for one the emulator does not write.</summary>
    public static string MediaTypeOf(string format) => format switch
    {
        PngFormat => "image/png",
        JpegFormat => "image/jpeg",
        WebpFormat => "image/webp",
        GifFormat => "image/gif",
        SvgFormat => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
