using System;
using System.Diagnostics.CodeAnalysis;

namespace OpenAIImages.Web.Json;

/// <summary>What the prompt form posts (<c>POST /api/generations</c>), named as the API's fields; an empty field is left to the model's default.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="Model">The model id.</param>
/// <param name="Size">The size, such as <c>1024x1024</c>.</param>
/// <param name="Quality">The quality.</param>
/// <param name="OutputFormat">The file format.</param>
/// <param name="N">How many images.</param>
/// <param name="PartialImages">How many partial images to stream (GPT image models).</param>
internal sealed record GenerationForm(string? Prompt, string? Model, string? Size, string? Quality, string? OutputFormat, int? N, int? PartialImages)
{
    /// <summary>The model the form sends when it names none.</summary>
    public const string DefaultModel = "gpt-image-2";

    public string ModelId => Text(Model) ?? DefaultModel;

    /// <summary>Gets whether the request is streamed: GPT image models stream, DALL·E models answer once.</summary>
    public bool Streams => !IsDallE(ModelId);

    /// <summary>The SDK's options for the form; <paramref name="progress"/> hears the phases of a call that does not stream.</summary>
    public ImageGenerationOptions ToOptions(IProgress<ImageCallProgress>? progress = null) => new(Prompt ?? string.Empty)
    {
        Model = new ImageModel(ModelId),
        Size = Text(Size) is { } size ? new ImageSize(size) : (ImageSize?)null,
        Quality = Text(Quality) is { } quality ? new ImageQuality(quality) : (ImageQuality?)null,
        OutputFormat = Text(OutputFormat) is { } format ? new ImageOutputFormat(format) : (ImageOutputFormat?)null,
        N = N,
        PartialImages = Streams ? PartialImages : null,

        // The page shows the image from this app, so bytes rather than a URL that expires in an hour.
        ResponseFormat = Streams ? (ImageResponseFormat?)null : ImageResponseFormat.Base64Json,
        Progress = progress,
    };

    public static bool IsDallE(string model) => model.StartsWith("dall-e", StringComparison.Ordinal);

    [return: NotNullIfNotNull(nameof(value))]
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
