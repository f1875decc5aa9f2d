using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAIImages.Requests;

/// <summary>The body of <c>POST /images/generations</c>, in the order OpenAI's own SDK writes it; unset fields are left out.</summary>
internal sealed class GenerationRequestBody
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("n")]
    public int? N { get; set; }

    [JsonPropertyName("size")]
    public string? Size { get; set; }

    [JsonPropertyName("quality")]
    public string? Quality { get; set; }

    [JsonPropertyName("style")]
    public string? Style { get; set; }

    [JsonPropertyName("response_format")]
    public string? ResponseFormat { get; set; }

    [JsonPropertyName("background")]
    public string? Background { get; set; }

    [JsonPropertyName("output_format")]
    public string? OutputFormat { get; set; }

    [JsonPropertyName("output_compression")]
    public int? OutputCompression { get; set; }

    [JsonPropertyName("moderation")]
    public string? Moderation { get; set; }

    [JsonPropertyName("user")]
    public string? User { get; set; }

    [JsonPropertyName("safety_identifier")]
    public string? SafetyIdentifier { get; set; }

    [JsonPropertyName("complexity")]
    public string? Complexity { get; set; }

    [JsonPropertyName("frame_count")]
    public int? FrameCount { get; set; }

    [JsonPropertyName("frame_duration_ms")]
    public int? FrameDurationMs { get; set; }

    [JsonPropertyName("svg")]
    public SvgBody? Svg { get; set; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonPropertyName("partial_images")]
    public int? PartialImages { get; set; }
}

/// <summary>The <c>svg</c> object.</summary>
internal sealed class SvgBody
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("reasoning")]
    public SvgReasoningBody? Reasoning { get; set; }

    public static SvgBody? From(ImageSvgOptions? svg) => svg is null ? null : new SvgBody
    {
        Model = svg.Model,
        Reasoning = svg.ReasoningEffort is null ? null : new SvgReasoningBody { Effort = svg.ReasoningEffort },
    };
}

/// <summary>The <c>svg.reasoning</c> object.</summary>
internal sealed class SvgReasoningBody
{
    [JsonPropertyName("effort")]
    public string? Effort { get; set; }
}

/// <summary>An image reference in the JSON form of an edit: exactly one of <c>image_url</c> and <c>file_id</c>.</summary>
internal sealed class ImageReferenceBody
{
    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; set; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; set; }

    public static ImageReferenceBody From(ImageInput input) => new() { ImageUrl = input.Url, FileId = input.FileId };
}

/// <summary>The body of <c>POST /images/edits</c> in its JSON form, for images already online.</summary>
internal sealed class EditRequestBody
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("images")]
    public ImageReferenceBody[]? Images { get; set; }

    [JsonPropertyName("mask")]
    public ImageReferenceBody? Mask { get; set; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("n")]
    public int? N { get; set; }

    [JsonPropertyName("size")]
    public string? Size { get; set; }

    [JsonPropertyName("quality")]
    public string? Quality { get; set; }

    [JsonPropertyName("input_fidelity")]
    public string? InputFidelity { get; set; }

    [JsonPropertyName("output_format")]
    public string? OutputFormat { get; set; }

    [JsonPropertyName("output_compression")]
    public int? OutputCompression { get; set; }

    [JsonPropertyName("moderation")]
    public string? Moderation { get; set; }

    [JsonPropertyName("background")]
    public string? Background { get; set; }

    [JsonPropertyName("user")]
    public string? User { get; set; }

    [JsonPropertyName("safety_identifier")]
    public string? SafetyIdentifier { get; set; }

    [JsonPropertyName("complexity")]
    public string? Complexity { get; set; }

    [JsonPropertyName("frame_count")]
    public int? FrameCount { get; set; }

    [JsonPropertyName("frame_duration_ms")]
    public int? FrameDurationMs { get; set; }

    [JsonPropertyName("svg")]
    public SvgBody? Svg { get; set; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonPropertyName("partial_images")]
    public int? PartialImages { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerationRequestBody))]
[JsonSerializable(typeof(EditRequestBody))]
internal sealed partial class ImagesJsonContext : JsonSerializerContext;

/// <summary>Turns option records into JSON request content.</summary>
internal static class JsonRequestWriter
{
    // Prompts are sent as UTF-8 text, as OpenAI's SDKs send them, not as \u escapes; the body is never embedded in HTML.
    private static readonly ImagesJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    public static HttpContent Create(ImageGenerationOptions options, string? model, bool stream)
    {
        var body = new GenerationRequestBody
        {
            Model = model,
            Prompt = options.Prompt,
            N = options.N,
            Size = options.Size?.Value,
            Quality = options.Quality?.Value,
            Style = options.Style?.Value,
            ResponseFormat = options.ResponseFormat?.Value,
            Background = options.Background?.Value,
            OutputFormat = options.OutputFormat?.Value,
            OutputCompression = options.OutputCompression,
            Moderation = options.Moderation?.Value,
#pragma warning disable CS0618 // user is deprecated by the API but still sent when a caller sets it.
            User = options.User,
#pragma warning restore CS0618
            SafetyIdentifier = options.SafetyIdentifier,
            Complexity = options.Complexity?.Value,
            FrameCount = options.FrameCount,
            FrameDurationMs = options.FrameDurationMs,
            Svg = SvgBody.From(options.Svg),
            Stream = stream ? true : null,
            PartialImages = options.PartialImages,
        };

        return Json(JsonSerializer.SerializeToUtf8Bytes(body, Context.GenerationRequestBody));
    }

    public static HttpContent Create(ImageEditOptions options, string? model, bool stream)
    {
        var body = new EditRequestBody
        {
            Model = model,
            Images = options.Images.Select(ImageReferenceBody.From).ToArray(),
            Mask = options.Mask is { } mask ? ImageReferenceBody.From(mask) : null,
            Prompt = options.Prompt,
            N = options.N,
            Size = options.Size?.Value,
            Quality = options.Quality?.Value,
            InputFidelity = options.InputFidelity?.Value,
            OutputFormat = options.OutputFormat?.Value,
            OutputCompression = options.OutputCompression,
            Moderation = options.Moderation?.Value,
            Background = options.Background?.Value,
#pragma warning disable CS0618 // user is deprecated by the API but still sent when a caller sets it.
            User = options.User,
#pragma warning restore CS0618
            SafetyIdentifier = options.SafetyIdentifier,
            Complexity = options.Complexity?.Value,
            FrameCount = options.FrameCount,
            FrameDurationMs = options.FrameDurationMs,
            Svg = SvgBody.From(options.Svg),
            Stream = stream ? true : null,
            PartialImages = options.PartialImages,
        };

        return Json(JsonSerializer.SerializeToUtf8Bytes(body, Context.EditRequestBody));
    }

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json"); // unparsed: no header object per request
        return content;
    }
}
