using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages.Testing.Rules;

/// <summary>
/// The models the emulator serves, from images-constraints.md, plus the custom ids an emulator registers; any other id
/// is refused, as the live API refuses it.
/// </summary>
internal sealed class ServiceModels
{
    public const string DefaultGenerationModel = "dall-e-2";
    public const string DefaultEditModel = "gpt-image-1.5";
    public const string DefaultVariationModel = "dall-e-2";

    public const long FourMegabytes = 4L * 1024 * 1024;
    public const long FiftyMegabytes = 50L * 1024 * 1024;

    // In the order the live API lists them in its size errors.
    private static readonly string[] GptSizes = ["1024x1024", "1024x1536", "1536x1024", "auto"];
    private static readonly string[] GptQualities = ["low", "medium", "high", "auto"];
    private static readonly string[] Gpt25Qualities = ["low", "medium", "high", "auto", "xhigh", "max"];
    private static readonly string[] GptOutputFormats = ["png", "jpeg", "webp"];
    private static readonly string[] Gpt25OutputFormats = ["png", "jpeg", "webp", "gif", "svg"];
    private static readonly string[] GptBackgrounds = ["transparent", "opaque", "auto"];
    private static readonly string[] GptModerations = ["low", "auto"];
    private static readonly string[] Complexities = ["low", "medium", "high"];
    private static readonly string[] DallEResponseFormats = ["url", "b64_json"];

    private static readonly ServiceModel[] BuiltIn = Build().ToArray();

    private readonly FrozenDictionary<string, ServiceModel> _profiles;
    private readonly ServiceModel[] _ordered;

    /// <summary>Creates the served models: the built-in models, then each custom id as a copy of the model whose rules it follows.</summary>
    /// <param name="customModels">Custom id to built-in model id; both already checked by <see cref="ImagesEmulatorOptions.AddModel(string, string)"/>.</param>
    /// <param name="withoutWebp">Whether no model serves WebP output, as on Azure OpenAI.</param>
    public ServiceModels(IEnumerable<KeyValuePair<string, string>> customModels, bool withoutWebp = false)
    {
        var ordered = new List<ServiceModel>(BuiltIn);
        foreach ((string id, string rulesOf) in customModels)
        {
            ordered.Add(BuiltIn.Single(p => p.Id == rulesOf) with { Id = id, RulesOf = rulesOf });
        }

        if (withoutWebp)
        {
            ordered = ordered.ConvertAll(p => p.OutputFormats is null ? p : p with { OutputFormats = p.OutputFormats.Where(f => f != "webp").ToArray() });
        }

        _ordered = ordered.ToArray();
        _profiles = _ordered.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>Gets the ids of the built-in models.</summary>
    public static IEnumerable<string> BuiltInIds => BuiltIn.Select(p => p.Id);

    /// <summary>Finds a model's profile; <see langword="null"/> for an id this emulator does not serve.</summary>
    public ServiceModel? Find(string id) => _profiles.GetValueOrDefault(id);

    /// <summary>Lists the ids that serve <paramref name="endpoint"/>, in the order models are listed, for the <c>model</c> error's "Supported values".</summary>
    public IEnumerable<string> ServingIds(Endpoint endpoint) => _ordered.Where(p => p.Endpoints.HasFlag(endpoint)).Select(p => p.Id);

    private static IEnumerable<ServiceModel> Build()
    {
        yield return new ServiceModel
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

        yield return new ServiceModel
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
            RevisesPrompt = true,
        };

        foreach (string id in new[] { "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-1.5-2025-12-16", "chatgpt-image-latest" })
        {
            yield return Gpt(id, customSizes: false) with { InputFidelities = id == "gpt-image-1-mini" ? ["low"] : ["high", "low"] };
        }

        // From gpt-image-2 on, input_fidelity is refused (400 invalid_input_fidelity_model): the model keeps inputs at high fidelity on its own.
        yield return Gpt("gpt-image-2", customSizes: true);
        yield return Gpt("gpt-image-2-2026-04-21", customSizes: true);

        // gpt-image-2.5 and 2.6 add xhigh and max quality, GIF and SVG output and complexity (Node SDK 7.57; 2.6 from third-party docs).
        foreach (string id in new[]
        {
            "gpt-image-2.5-sunburst", "gpt-image-2.5-sunburst-2026-09-08", "gpt-image-2.5-flare", "gpt-image-2.5-flare-2026-09-08",
            "gpt-image-2.6-sunburst", "gpt-image-2.6-flare",
        })
        {
            yield return Gpt(id, customSizes: true) with { Qualities = Gpt25Qualities, OutputFormats = Gpt25OutputFormats, Complexities = Complexities };
        }
    }

    private static ServiceModel Gpt(string id, bool customSizes) => new()
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
        Streams = true,
        MaxEditImages = 16,
        MaxEditImageBytes = FiftyMegabytes,
    };
}
