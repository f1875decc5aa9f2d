using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages.Cli.CommandLine;

/// <summary>Every flag the tool knows; the API's own field names in kebab-case, plus a few of the tool's own.</summary>
internal static class Flags
{
    public static readonly Flag Model = new("model", FlagKind.Text, "MODEL", "Model id (default gpt-image-2; dall-e-2 for variation).");
    public static readonly Flag Size = new("size", FlagKind.Text, "WxH", "Image size, such as 1024x1024, 1536x1024 or auto.");
    public static readonly Flag Quality = new("quality", FlagKind.Text, "QUALITY", "low, medium, high, auto; standard or hd for DALL-E.");
    public static readonly Flag Style = new("style", FlagKind.Text, "STYLE", "vivid or natural (dall-e-3).");
    public static readonly Flag N = new("n", FlagKind.Number, "COUNT", "How many images to create (1-10).");
    public static readonly Flag ResponseFormat = new("response-format", FlagKind.Text, "FORMAT", "url or b64_json (DALL-E); URL images are downloaded.");
    public static readonly Flag User = new("user", FlagKind.Text, "ID", "An id for your end user (deprecated by the API; prefer --safety-identifier).");
    public static readonly Flag SafetyIdentifier = new("safety-identifier", FlagKind.Text, "ID", "A stable, hashed id for your end user, for abuse monitoring.");
    public static readonly Flag Background = new("background", FlagKind.Text, "BACKGROUND", "transparent, opaque or auto (GPT image models).");
    public static readonly Flag OutputFormat = new("output-format", FlagKind.Text, "FORMAT", "png, jpeg or webp (GPT image models); gif or svg (gpt-image-2.5 and later).");
    public static readonly Flag OutputCompression = new("output-compression", FlagKind.Number, "0-100", "Compression for jpeg and webp output.");
    public static readonly Flag Moderation = new("moderation", FlagKind.Text, "LEVEL", "low or auto (GPT image models); for edit, only with --image URLs or file ids.");
    public static readonly Flag InputFidelity = new("input-fidelity", FlagKind.Text, "FIDELITY", "high or low: how closely an edit keeps the input.");
    public static readonly Flag Complexity = new("complexity", FlagKind.Text, "LEVEL", "low, medium or high: how detailed the image is (gpt-image-2.5 and later).");
    public static readonly Flag FrameCount = new("frame-count", FlagKind.Number, "2-16", "Frames of an animated GIF (--output-format gif).");
    public static readonly Flag FrameDurationMs = new("frame-duration-ms", FlagKind.Number, "MS", "How long each GIF frame shows, in milliseconds (--output-format gif).");
    public static readonly Flag SvgModel = new("svg-model", FlagKind.Text, "MODEL", "Model that writes the SVG (--output-format svg).");
    public static readonly Flag SvgReasoningEffort = new("svg-reasoning-effort", FlagKind.Text, "EFFORT", "Reasoning effort for the SVG model, such as low or high (--output-format svg).");
    public static readonly Flag Stream = new("stream", FlagKind.Switch, string.Empty, "Stream the image (GPT image models): save partial images as <name>-partial<k> as they arrive.");
    public static readonly Flag PartialImages = new("partial-images", FlagKind.Number, "0-3", "How many partial images to stream before the final one; needs --stream.");
    public static readonly Flag Image = new("image", FlagKind.Repeated, "FILE", "Input image; repeat for several (edit), one for variation. For edit also an https:// URL or a file-... id.");
    public static readonly Flag Mask = new("mask", FlagKind.Text, "FILE", "PNG whose transparent pixels mark where to edit; a URL or file id with URL images.");
    public static readonly Flag Markup = new("markup", FlagKind.Text, "FILE", "PNG with transparency drawn over the first image, marking what to change (gpt-image-2.5 and later).");
    public static readonly Flag Out = new("out", FlagKind.Text, "DIR", "Folder to save images and metadata in (default: current folder).");
    public static readonly Flag ApiKey = new("api-key", FlagKind.Text, "KEY", "API key (default: OPENAI_API_KEY; none: offline emulator).");
    public static readonly Flag BaseUrl = new("base-url", FlagKind.Text, "URL", "API base URL (default: OPENAI_BASE_URL, else OpenAI's).");
    public static readonly Flag Port = new("port", FlagKind.Number, "PORT", "Port for serve (default: any free port).");

    /// <summary>Gets every flag, in the order the help lists them.</summary>
    public static IReadOnlyList<Flag> All { get; } =
    [
        Model, Size, Quality, Style, N, ResponseFormat, User, SafetyIdentifier, Background, OutputFormat, OutputCompression, Moderation,
        InputFidelity, Complexity, FrameCount, FrameDurationMs, SvgModel, SvgReasoningEffort, Stream, PartialImages, Image, Mask, Markup,
        Out, ApiKey, BaseUrl, Port,
    ];

    private static readonly Dictionary<string, Flag> ByName = All.ToDictionary(f => f.Name, System.StringComparer.Ordinal);

    /// <summary>Finds a flag by its name without dashes.</summary>
    public static Flag? Find(string name) => ByName.TryGetValue(name, out Flag? flag) ? flag : null;
}
