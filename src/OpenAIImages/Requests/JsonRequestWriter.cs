using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAIImages.Requests;

/// <summary>
/// What the JSON bodies of generations and edits share. <see cref="JsonPropertyOrderAttribute"/> puts each field where
/// OpenAI's own SDK writes it, the subclasses' fields in between; unset fields are left out.
/// </summary>
internal abstract class ImageRequestBody
{
    [JsonPropertyName("model")]
    [JsonPropertyOrder(0)]
    public string? Model { get; set; }

    [JsonPropertyName("prompt")]
    [JsonPropertyOrder(10)]
    public string? Prompt { get; set; }

    [JsonPropertyName("n")]
    [JsonPropertyOrder(11)]
    public int? N { get; set; }

    [JsonPropertyName("size")]
    [JsonPropertyOrder(12)]
    public string? Size { get; set; }

    [JsonPropertyName("quality")]
    [JsonPropertyOrder(13)]
    public string? Quality { get; set; }

    [JsonPropertyName("background")]
    [JsonPropertyOrder(20)]
    public string? Background { get; set; }

    [JsonPropertyName("output_format")]
    [JsonPropertyOrder(21)]
    public string? OutputFormat { get; set; }

    [JsonPropertyName("output_compression")]
    [JsonPropertyOrder(22)]
    public int? OutputCompression { get; set; }

    [JsonPropertyName("moderation")]
    [JsonPropertyOrder(23)]
    public string? Moderation { get; set; }

    [JsonPropertyName("user")]
    [JsonPropertyOrder(24)]
    public string? User { get; set; }

    [JsonPropertyName("safety_identifier")]
    [JsonPropertyOrder(25)]
    public string? SafetyIdentifier { get; set; }

    [JsonPropertyName("complexity")]
    [JsonPropertyOrder(26)]
    public string? Complexity { get; set; }

    [JsonPropertyName("frame_count")]
    [JsonPropertyOrder(27)]
    public int? FrameCount { get; set; }

    [JsonPropertyName("frame_duration_ms")]
    [JsonPropertyOrder(28)]
    public int? FrameDurationMs { get; set; }

    [JsonPropertyName("svg")]
    [JsonPropertyOrder(29)]
    public SvgBody? Svg { get; set; }

    [JsonPropertyName("stream")]
    [JsonPropertyOrder(30)]
    public bool? Stream { get; set; }

    [JsonPropertyName("partial_images")]
    [JsonPropertyOrder(31)]
    public int? PartialImages { get; set; }

    /// <summary>Copies the shared fields from <paramref name="options"/>.</summary>
    protected void Fill(ImageRequestOptions options, string? model, bool stream)
    {
        Model = model;
        Prompt = options.Prompt;
        N = options.N;
        Size = options.Size?.Value;
        Quality = options.Quality?.Value;
        Background = options.Background?.Value;
        OutputFormat = options.OutputFormat?.Value;
        OutputCompression = options.OutputCompression;
        Moderation = options.Moderation?.Value;
#pragma warning disable CS0618 // user is deprecated by the API but still sent when a caller sets it.
        User = options.User;
#pragma warning restore CS0618
        SafetyIdentifier = options.SafetyIdentifier;
        Complexity = options.Complexity?.Value;
        FrameCount = options.FrameCount;
        FrameDurationMs = options.FrameDurationMs;
        Svg = SvgBody.From(options.Svg);
        Stream = stream ? true : null;
        PartialImages = options.PartialImages;
    }
}

/// <summary>The body of <c>POST /images/generations</c>.</summary>
internal sealed class GenerationRequestBody : ImageRequestBody
{
    [JsonPropertyName("style")]
    [JsonPropertyOrder(14)]
    public string? Style { get; set; }

    [JsonPropertyName("response_format")]
    [JsonPropertyOrder(15)]
    public string? ResponseFormat { get; set; }

    public static GenerationRequestBody From(ImageGenerationOptions options, string? model, bool stream)
    {
        var body = new GenerationRequestBody { Style = options.Style?.Value, ResponseFormat = options.ResponseFormat?.Value };
        body.Fill(options, model, stream);
        return body;
    }
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
internal sealed class EditRequestBody : ImageRequestBody
{
    [JsonPropertyName("images")]
    [JsonPropertyOrder(1)]
    public ImageReferenceBody[]? Images { get; set; }

    [JsonPropertyName("mask")]
    [JsonPropertyOrder(2)]
    public ImageReferenceBody? Mask { get; set; }

    [JsonPropertyName("input_fidelity")]
    [JsonPropertyOrder(14)]
    public string? InputFidelity { get; set; }

    public static EditRequestBody From(ImageEditOptions options, string? model, bool stream)
    {
        var body = new EditRequestBody
        {
            Images = options.Images.Select(ImageReferenceBody.From).ToArray(),
            Mask = options.Mask is { } mask ? ImageReferenceBody.From(mask) : null,
            InputFidelity = options.InputFidelity?.Value,
        };
        body.Fill(options, model, stream);
        return body;
    }
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

    public static HttpContent Create(ImageGenerationOptions options, string? model, bool stream) =>
        Json(JsonSerializer.SerializeToUtf8Bytes(GenerationRequestBody.From(options, model, stream), Context.GenerationRequestBody));

    public static HttpContent Create(ImageEditOptions options, string? model, bool stream) =>
        Json(JsonSerializer.SerializeToUtf8Bytes(EditRequestBody.From(options, model, stream), Context.EditRequestBody));

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json"); // unparsed: no header object per request
        return content;
    }
}
