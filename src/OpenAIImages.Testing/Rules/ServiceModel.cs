using System.Collections.Generic;

namespace OpenAIImages.Testing.Rules;

/// <summary>What one model accepts, as data; a null list means the model does not take that parameter.</summary>
/// <remarks>A record, so that a custom model is a copy of the model whose rules it follows under its own id.</remarks>
internal sealed record ServiceModel
{
    public required string Id { get; init; }

    /// <summary>Gets the built-in model whose rules this one follows: its own id, or for a custom model the one it was registered with.</summary>
    public string RulesOf
    {
        get => field ?? Id;
        init;
    }

    /// <summary>Gets whether results come back the GPT way: always <c>b64_json</c>, plus <c>usage</c>, <c>size</c>, <c>quality</c>, <c>output_format</c>, <c>background</c>.</summary>
    public required bool IsGpt { get; init; }

    public required Endpoint Endpoints { get; init; }

    public required int PromptMaxLength { get; init; }

    public required int MaxN { get; init; }

    /// <summary>Gets the fixed sizes, <c>auto</c> included when allowed.</summary>
    public required IReadOnlyList<string> Sizes { get; init; }

    /// <summary>Gets whether any <c>WxH</c> within gpt-image-2's edge, ratio and pixel limits is allowed too.</summary>
    public bool CustomSizes { get; init; }

    public required string DefaultGenerationSize { get; init; }

    public required string DefaultEditSize { get; init; }

    public required IReadOnlyList<string> Qualities { get; init; }

    /// <summary>Gets the quality a GPT response reports for <c>auto</c> (or none), or the DALL·E default.</summary>
    public required string DefaultQuality { get; init; }

    public IReadOnlyList<string>? Styles { get; init; }

    public IReadOnlyList<string>? ResponseFormats { get; init; }

    public IReadOnlyList<string>? OutputFormats { get; init; }

    public IReadOnlyList<string>? Backgrounds { get; init; }

    public IReadOnlyList<string>? Moderations { get; init; }

    public IReadOnlyList<string>? InputFidelities { get; init; }

    public IReadOnlyList<string>? Complexities { get; init; }

    /// <summary>Gets whether answers carry a <c>revised_prompt</c> (dall-e-3).</summary>
    public bool RevisesPrompt { get; init; }

    public bool Streams { get; init; }

    public required int MaxEditImages { get; init; }

    public required long MaxEditImageBytes { get; init; }

    /// <summary>Gets whether edit inputs must be one square PNG (dall-e-2).</summary>
    public bool EditNeedsSquarePng { get; init; }
}
