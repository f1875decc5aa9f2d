using System;
using System.Collections.Generic;
using System.Threading;
using OpenAIImages.Requests;

namespace OpenAIImages.Catalog;

/// <summary>The rules of every model the SDK knows, as data; the one place a model's limits are written.</summary>
/// <remarks>
/// Sources: OpenAI's OpenAPI spec 2.3.0 (2026-08-21) and the official Node SDK 7.57.0 where it is newer. A model id
/// that is not listed is sent as given and checked only against the rules every model shares.
/// </remarks>
internal static class ModelCatalog
{
    private const long MiB = 1024 * 1024;

    private static readonly ImageFileFormat[] PngOnly = [ImageFileFormat.Png];
    private static readonly ImageFileFormat[] GptInputFormats = [ImageFileFormat.Png, ImageFileFormat.Webp, ImageFileFormat.Jpeg];

    // The lifecycle, as of 2026-11-25 (OpenAI's deprecations page and the Node SDK 7.57): DALL·E retired on
    // 2026-05-12, gpt-image-1 on 2026-10-23; gpt-image-1-mini, gpt-image-1.5 and chatgpt-image-latest shut down on 2026-12-01.
    private static readonly DateTimeOffset DallERetired = new(2026, 5, 12, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset GptImage1Retired = new(2026, 10, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset GptImage15Shutdown = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    // Azure OpenAI retires on its own dates (Azure's model retirement page, 2026-11): DALL·E has none announced.
    private static readonly DateTimeOffset AzureGptImage1Retired = new(2026, 10, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AzureGptImage15Retired = new(2026, 12, 16, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AzureGptImage1MiniRetired = new(2027, 4, 7, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AzureGptImage2Retired = new(2027, 4, 21, 0, 0, 0, TimeSpan.Zero);

    // Every known model, in the order messages list them: its id and how its profile is made from that id. A profile is
    // built the first time its id is asked for (a process pays for the models it uses, not for the catalog), and kept.
    private static readonly (string Id, Func<string, ModelProfile> Build)[] Models =
    [
        ("dall-e-2", _ => DallE2()),
        ("dall-e-3", _ => DallE3()),
        ("gpt-image-1", _ => GptImage1()),
        ("gpt-image-1-mini", id => GptImage1() with { Id = id, InputFidelities = AllowedValues.Of("low"), ShutdownDate = GptImage15Shutdown, AzureShutdownDate = AzureGptImage1MiniRetired }),
        ("gpt-image-1.5", id => GptImage1() with { Id = id, ShutdownDate = GptImage15Shutdown, AzureShutdownDate = AzureGptImage15Retired }),
        ("gpt-image-1.5-2025-12-16", id => GptImage1() with { Id = id, ShutdownDate = GptImage15Shutdown, AzureShutdownDate = AzureGptImage15Retired }),
        ("chatgpt-image-latest", id => GptImage1() with { Id = id, ShutdownDate = GptImage15Shutdown, AzureShutdownDate = null }),
        ("gpt-image-2", _ => GptImage2()),
        ("gpt-image-2-2026-04-21", id => GptImage2() with { Id = id }),
        ("gpt-image-2.5-sunburst", _ => GptImage25()),
        ("gpt-image-2.5-sunburst-2026-09-08", id => GptImage25() with { Id = id }),
        ("gpt-image-2.5-flare", id => GptImage25() with { Id = id }),
        ("gpt-image-2.5-flare-2026-09-08", id => GptImage25() with { Id = id }),
        ("gpt-image-2.6-sunburst", id => GptImage25() with { Id = id }),
        ("gpt-image-2.6-flare", id => GptImage25() with { Id = id }),
    ];

    private static readonly ModelProfile?[] Built = new ModelProfile?[Models.Length];

    /// <summary>Gets the profile used when no model is named: the server picks, so only the shared rules apply.</summary>
    public static ModelProfile ServerDefault { get; } = Unknown("the server's default model");

    /// <summary>Gets when OpenAI's API retired the variations endpoint (it served dall-e-2 only).</summary>
    public static DateTimeOffset VariationsRetired => DallERetired;

    /// <summary>Gets the ids of every model the catalog knows.</summary>
    public static IEnumerable<string> KnownModels
    {
        get
        {
            foreach ((string id, _) in Models)
            {
                yield return id;
            }
        }
    }

    /// <summary>Finds the profile of <paramref name="model"/>, or the shared rules for a model the catalog does not know.</summary>
    public static ModelProfile Get(string? model)
    {
        if (model is null)
        {
            return ServerDefault;
        }

        for (int i = 0; i < Models.Length; i++)
        {
            if (string.Equals(Models[i].Id, model, StringComparison.Ordinal))
            {
                return Profile(i);
            }
        }

        return Unknown(model);
    }

    /// <summary>Gets whether the catalog knows <paramref name="model"/>.</summary>
    public static bool IsKnown(string model)
    {
        foreach ((string id, _) in Models)
        {
            if (string.Equals(id, model, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lists the known models for which <paramref name="select"/> says yes, for messages that say where a parameter applies.</summary>
    public static string ModelsWhere(Func<ModelProfile, bool> select)
    {
        var ids = new List<string>();
        for (int i = 0; i < Models.Length; i++)
        {
            if (select(Profile(i)))
            {
                ids.Add(Models[i].Id);
            }
        }

        return ids.Count == 0 ? "no known model" : string.Join(", ", ids);
    }

    private static ModelProfile Profile(int index) => Built[index] ?? Keep(ref Built[index], Models[index].Build(Models[index].Id));

    // Two threads may build the same profile at once; both then use the one stored first.
    private static ModelProfile Keep(ref ModelProfile? slot, ModelProfile built) =>
        Interlocked.CompareExchange(ref slot, built, null) ?? built;

    private static ModelProfile DallE2() => new()
    {
        Id = "dall-e-2",
        Operations = ImageOperations.All,
        ShutdownDate = DallERetired,
        Replacement = "gpt-image-2",
        AcceptsImageReferences = false,
        SupportsMarkup = false,
        Complexities = AllowedValues.NotSupported,
        MaxPromptLength = 1000,
        GenerationSizes = Sizes("256x256", "512x512", "1024x1024"),
        EditSizes = Sizes("256x256", "512x512", "1024x1024"),
        VariationSizes = Sizes("256x256", "512x512", "1024x1024"),
        Qualities = AllowedValues.Of("standard"),
        EditQualities = AllowedValues.Of("standard"),
        Styles = AllowedValues.NotSupported,
        ResponseFormats = AllowedValues.Of("url", "b64_json"),
        Backgrounds = AllowedValues.NotSupported,
        OutputFormats = AllowedValues.NotSupported,
        Moderations = AllowedValues.NotSupported,
        InputFidelities = AllowedValues.NotSupported,
        OutputCompression = null,
        PartialImages = null,
        EditImages = new InputImageRule(PngOnly, 4 * MiB, MustBeSquare: true, MaxCount: 1),
        VariationImage = new InputImageRule(PngOnly, 4 * MiB, MustBeSquare: true, MaxCount: 1),
        MaskMaxBytes = 4 * MiB,
    };

    private static ModelProfile DallE3() => DallE2() with
    {
        Id = "dall-e-3",
        Operations = ImageOperations.Generate,
        MaxPromptLength = 4000,
        Counts = new IntRange(1, 1),
        GenerationSizes = Sizes("1024x1024", "1792x1024", "1024x1792"),
        Qualities = AllowedValues.Of("standard", "hd"),
        Styles = AllowedValues.Of("vivid", "natural"),
        EditImages = null,
        VariationImage = null,
        MaskMaxBytes = null,
    };

    private static ModelProfile GptImage1() => new()
    {
        Id = "gpt-image-1",
        Operations = ImageOperations.Generate | ImageOperations.Edit,
        ShutdownDate = GptImage1Retired,
        AzureShutdownDate = AzureGptImage1Retired,
        Replacement = "gpt-image-2",
        SupportsMarkup = false,
        Complexities = AllowedValues.NotSupported,
        MaxPromptLength = 32000,
        GenerationSizes = Sizes("1024x1024", "1536x1024", "1024x1536", "auto"),
        EditSizes = Sizes("1024x1024", "1536x1024", "1024x1536", "auto"),
        VariationSizes = Sizes(),
        Qualities = AllowedValues.Of("low", "medium", "high", "auto"),
        EditQualities = AllowedValues.Of("low", "medium", "high", "auto"),
        Styles = AllowedValues.NotSupported,
        ResponseFormats = AllowedValues.NotSupported,
        Backgrounds = AllowedValues.Of("transparent", "opaque", "auto"),
        OutputFormats = AllowedValues.Of("png", "jpeg", "webp"),
        DefaultOutputFormat = "png",
        Moderations = AllowedValues.Of("low", "auto"),
        InputFidelities = AllowedValues.Of("high", "low"),
        EditImages = new InputImageRule(GptInputFormats, 50 * MiB, MustBeSquare: false, MaxCount: SharedRules.MaxInputImages),
        MaskMaxBytes = 50 * MiB,
    };

    // gpt-image-2 takes custom sizes; the Node SDK 7.57 says to omit input_fidelity for it.
    private static ModelProfile GptImage2() => GptImage1() with
    {
        Id = "gpt-image-2",
        ShutdownDate = null,
        AzureShutdownDate = AzureGptImage2Retired,
        Replacement = null,
        GenerationSizes = FlexibleSizes(),
        EditSizes = FlexibleSizes(),
        InputFidelities = AllowedValues.NotSupported,
    };

    // gpt-image-2.5 and 2.6 add xhigh and max quality, GIF and SVG output, complexity and markup (Node SDK 7.57).
    private static ModelProfile GptImage25() => GptImage2() with
    {
        Id = "gpt-image-2.5-sunburst",
        AzureShutdownDate = null,
        Qualities = AllowedValues.Of("low", "medium", "high", "auto", "xhigh", "max"),
        EditQualities = AllowedValues.Of("low", "medium", "high", "auto", "xhigh", "max"),
        OutputFormats = AllowedValues.Of("png", "jpeg", "webp", "gif", "svg"),
        Complexities = AllowedValues.Of("low", "medium", "high"),
        SupportsMarkup = true,
    };

    private static ModelProfile Unknown(string id) => new()
    {
        Id = id,
        IsKnown = false,
        Operations = ImageOperations.All,
    };

    internal static SizeRule Sizes(params string[] sizes)
    {
        bool auto = Array.IndexOf(sizes, "auto") >= 0;
        return new(auto ? Array.FindAll(sizes, s => s != "auto") : sizes, auto, null);
    }

    private static SizeRule FlexibleSizes() => new(
        ["1024x1024", "1536x1024", "1024x1536"],
        AllowsAuto: true,
        new FlexibleSizeRule(EdgeMultiple: 16, MaxAspectRatio: 3, MaxEdge: 3840, MinPixels: 655_360, MaxPixels: 8_294_400));
}
