using System.Collections.Generic;
using OpenAIImages.Requests;

namespace OpenAIImages.Catalog;

/// <summary>The limits every model shares, a model the catalog does not know included: the request schemas' own limits.</summary>
/// <remarks>
/// Sources as for <see cref="ModelCatalog"/>: OpenAI's OpenAPI spec 2.3.0 and the Node SDK 7.57. A profile's own value,
/// where it has one, takes their place.
/// </remarks>
internal static class SharedRules
{
    /// <summary>Gets how many images one request may ask for (<c>n</c>).</summary>
    public static IntRange Counts { get; } = new(1, 10);

    /// <summary>Gets how many images a request makes when <c>n</c> is not sent.</summary>
    public static int DefaultCount => 1;

    /// <summary>Gets how many partial images a stream may ask for (<c>partial_images</c>).</summary>
    public static IntRange PartialImages { get; } = new(0, 3);

    /// <summary>Gets how many partial images a stream sends when <c>partial_images</c> is not sent.</summary>
    public static int DefaultPartialImages => 0;

    /// <summary>Gets the compression levels taken (<c>output_compression</c>).</summary>
    public static IntRange OutputCompression { get; } = new(0, 100);

    /// <summary>Gets the compression level used when <c>output_compression</c> is not sent.</summary>
    public static int DefaultOutputCompression => 100;

    /// <summary>Gets the output formats <c>output_compression</c> applies to.</summary>
    public static IReadOnlyList<string> CompressibleFormats { get; } = ["jpeg", "webp"];

    /// <summary>Gets the output formats that cannot carry a transparent background.</summary>
    public static IReadOnlyList<string> OpaqueFormats { get; } = ["jpeg"];

    /// <summary>Gets how many frames an animated GIF may have (<c>frame_count</c>).</summary>
    public static IntRange FrameCount { get; } = new(2, 16);

    /// <summary>Gets how many frames an animated GIF has when <c>frame_count</c> is not sent.</summary>
    public static int DefaultFrameCount => 9;

    /// <summary>Gets the shortest frame taken, in milliseconds (<c>frame_duration_ms</c>).</summary>
    public static int MinFrameDurationMs => 1;

    /// <summary>Gets how long a GIF frame shows when <c>frame_duration_ms</c> is not sent, in milliseconds.</summary>
    public static int DefaultFrameDurationMs => 200;

    /// <summary>Gets how many images a request for SVG output makes: exactly this many.</summary>
    public static int SvgImagesPerRequest => 1;

    /// <summary>Gets how many input images one edit takes (<c>image[]</c> and <c>images</c> have maxItems 16).</summary>
    public static int MaxInputImages => 16;

    /// <summary>Gets the sizes the JSON form of an edit takes: its <c>size</c> is a closed list.</summary>
    public static IReadOnlyList<string> JsonEditSizes { get; } = ["auto", "1024x1024", "1536x1024", "1024x1536"];

    /// <summary>Gets the longest prompt the JSON form of an edit takes (its schema's maxLength).</summary>
    public static int JsonEditMaxPromptLength => 32000;

    /// <summary>Gets the longest <c>image_url</c> an image reference takes (its schema's maxLength).</summary>
    public static int MaxImageUrlLength => 20_971_520;

    /// <summary>Gets the format a mask must have.</summary>
    public static ImageFileFormat MaskFormat => ImageFileFormat.Png;

    /// <summary>Gets the format a markup overlay must have.</summary>
    public static ImageFileFormat MarkupFormat => ImageFileFormat.Png;
}
