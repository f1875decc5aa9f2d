using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace OpenAIImages.Testing.Rules;

/// <summary>The models the emulator knows, from images-constraints.md; unknown ids pass with the common checks only.</summary>
internal static class ModelCatalog
{
    public const string DefaultGenerationModel = "dall-e-2";
    public const string DefaultEditModel = "gpt-image-1.5";
    public const string DefaultVariationModel = "dall-e-2";

    public const long FourMegabytes = 4L * 1024 * 1024;
    public const long FiftyMegabytes = 50L * 1024 * 1024;

    private static readonly string[] GptSizes = ["1024x1024", "1536x1024", "1024x1536", "auto"];
    private static readonly string[] GptQualities = ["low", "medium", "high", "auto"];
    private static readonly string[] GptOutputFormats = ["png", "jpeg", "webp"];
    private static readonly string[] GptBackgrounds = ["transparent", "opaque", "auto"];
    private static readonly string[] GptModerations = ["low", "auto"];
    private static readonly string[] DallEResponseFormats = ["url", "b64_json"];

    private static readonly FrozenDictionary<string, ModelProfile> Profiles = Build().ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);

    /// <summary>Finds a model's profile, or a permissive one for an unknown id.</summary>
    public static ModelProfile Find(string id) => Profiles.TryGetValue(id, out ModelProfile? profile) ? profile : Unknown(id);

    private static ModelProfile Unknown(string id) => new()
    {
        Id = id,
        IsKnown = false,
        IsGpt = !id.StartsWith("dall-e", StringComparison.OrdinalIgnoreCase),
        Endpoints = Endpoint.Generations | Endpoint.Edits | Endpoint.Variations,
        PromptMaxLength = int.MaxValue,
        MaxN = 10,
        Sizes = [],
        DefaultGenerationSize = "auto",
        DefaultEditSize = "auto",
        Qualities = [],
        DefaultQuality = "auto",
        MaxEditImages = 16,
        MaxEditImageBytes = FiftyMegabytes,
    };

    private static IEnumerable<ModelProfile> Build()
    {
        yield return new ModelProfile
        {
            Id = "dall-e-2",
            IsGpt = false,
            Endpoints = Endpoint.Generations | Endpoint.Edits | Endpoint.Variations,
            PromptMaxLength = 1_000,
            MaxN = 10,
            Sizes = ["256x256", "512x512", "1024x1024"],
            DefaultGenerationSize = "1024x1024",
            DefaultEditSize = "1024x1024",
            Qualities = ["standard"],
            DefaultQuality = "standard",
            ResponseFormats = DallEResponseFormats,
            MaxEditImages = 1,
            MaxEditImageBytes = FourMegabytes,
            EditNeedsSquarePng = true,
        };

        yield return new ModelProfile
        {
            Id = "dall-e-3",
            IsGpt = false,
            Endpoints = Endpoint.Generations,
            PromptMaxLength = 4_000,
            MaxN = 1,
            Sizes = ["1024x1024", "1792x1024", "1024x1792"],
            DefaultGenerationSize = "1024x1024",
            DefaultEditSize = "1024x1024",
            Qualities = ["standard", "hd"],
            DefaultQuality = "standard",
            Styles = ["vivid", "natural"],
            ResponseFormats = DallEResponseFormats,
            MaxEditImages = 0,
            MaxEditImageBytes = 0,
        };

        foreach (string id in new[] { "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-1.5-2025-12-16", "chatgpt-image-latest" })
        {
            yield return Gpt(id, customSizes: false, inputFidelities: id == "gpt-image-1-mini" ? ["low"] : ["high", "low"]);
        }

        yield return Gpt("gpt-image-2", customSizes: true, inputFidelities: ["high", "low"]);
        yield return Gpt("gpt-image-2-2026-04-21", customSizes: true, inputFidelities: ["high", "low"]);
    }

    private static ModelProfile Gpt(string id, bool customSizes, string[] inputFidelities) => new()
    {
        Id = id,
        IsGpt = true,
        Endpoints = Endpoint.Generations | Endpoint.Edits,
        PromptMaxLength = 32_000,
        MaxN = 10,
        Sizes = GptSizes,
        CustomSizes = customSizes,
        DefaultGenerationSize = "auto",
        DefaultEditSize = "auto",
        Qualities = GptQualities,
        DefaultQuality = "medium",
        OutputFormats = GptOutputFormats,
        Backgrounds = GptBackgrounds,
        Moderations = GptModerations,
        InputFidelities = inputFidelities,
        Streams = true,
        MaxEditImages = 16,
        MaxEditImageBytes = FiftyMegabytes,
    };
}
