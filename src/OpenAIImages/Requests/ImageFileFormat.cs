using OpenAIImages.Internal;

namespace OpenAIImages.Requests;

/// <summary>A file format recognised from an image's first bytes.</summary>
internal enum ImageFileFormat
{
    Unknown,
    Png,
    Jpeg,
    Webp,
    Gif,
}

/// <summary>What the header of an input image says about it.</summary>
/// <param name="Format">The format read from the magic bytes, never from the file name.</param>
/// <param name="Width">The width in pixels, or 0 where the header did not tell.</param>
/// <param name="Height">The height in pixels, or 0 where the header did not tell.</param>
/// <param name="HasAlpha">Whether the image has an alpha channel or transparency; null where the header did not tell.</param>
/// <param name="Length">The file's length in bytes.</param>
internal readonly record struct ImageInfo(ImageFileFormat Format, int Width, int Height, bool? HasAlpha, long Length)
{
    public bool HasDimensions => Width > 0 && Height > 0;

    public string ContentType => ImageFormats.ContentTypeOf(Format);

    public string Extension => ImageFormats.ExtensionOf(Format);

    public string FormatName => Format switch
    {
        ImageFileFormat.Unknown => "an unrecognised format",
        _ => Format.ToString().ToUpperInvariant(),
    };
}
