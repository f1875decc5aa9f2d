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

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonPropertyName("partial_images")]
    public int? PartialImages { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerationRequestBody))]
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
            User = options.User,
            Stream = stream ? true : null,
            PartialImages = options.PartialImages,
        };

        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Context.GenerationRequestBody));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
