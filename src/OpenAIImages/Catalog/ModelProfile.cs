using System;

namespace OpenAIImages.Catalog;

/// <summary>Everything the SDK checks about one model, as data.</summary>
/// <remarks>A parameter a model does not take is <see cref="AllowedValues.NotSupported"/> or a null range; the defaults are the shared rules (<see cref="SharedRules"/>).</remarks>
internal sealed record ModelProfile
{
    public required string Id { get; init; }

    /// <summary>Gets whether the catalog knows the model; an unknown model gets only the rules every model shares.</summary>
    public bool IsKnown { get; init; } = true;

    public required ImageOperations Operations { get; init; }

    /// <summary>Gets when OpenAI's API stops (or stopped) serving the model; before it the model is deprecated, after it retired. Null while active.</summary>
    public DateTimeOffset? ShutdownDate { get; init; }

    /// <summary>Gets when Azure OpenAI stops (or stopped) serving the model, which Azure sets on its own; null when Azure has no date.</summary>
    public DateTimeOffset? AzureShutdownDate { get; init; }

    /// <summary>Gets when the service the client talks to stops serving the model: OpenAI's date, Azure's, or none for a compatible server.</summary>
    public DateTimeOffset? ShutdownOn(ImageService service) => service switch
    {
        ImageService.OpenAI => ShutdownDate,
        ImageService.Azure => AzureShutdownDate,
        _ => null,
    };

    /// <summary>Gets the model to move to when this one is deprecated or retired.</summary>
    public string? Replacement { get; init; }

    /// <summary>Gets whether edits may name images already online (the JSON form) instead of uploading them.</summary>
    public bool AcceptsImageReferences { get; init; } = true;

    /// <summary>Gets whether edits take a <c>markup</c> overlay.</summary>
    public bool SupportsMarkup { get; init; } = true;

    public AllowedValues Complexities { get; init; } = AllowedValues.Any;

    /// <summary>Gets the longest prompt taken, in characters, or null for no limit the SDK knows.</summary>
    public int? MaxPromptLength { get; init; }

    /// <summary>Gets how many images one request may ask for (<c>n</c>).</summary>
    public IntRange Counts { get; init; } = SharedRules.Counts;

    public SizeRule GenerationSizes { get; init; } = SizeRule.AnySize;

    public SizeRule EditSizes { get; init; } = SizeRule.AnySize;

    public SizeRule VariationSizes { get; init; } = SizeRule.AnySize;

    public AllowedValues Qualities { get; init; } = AllowedValues.Any;

    public AllowedValues EditQualities { get; init; } = AllowedValues.Any;

    public AllowedValues Styles { get; init; } = AllowedValues.Any;

    public AllowedValues ResponseFormats { get; init; } = AllowedValues.Any;

    public AllowedValues Backgrounds { get; init; } = AllowedValues.Any;

    public AllowedValues OutputFormats { get; init; } = AllowedValues.Any;

    /// <summary>Gets the compression levels taken (<c>output_compression</c>), or null when the model does not take the parameter.</summary>
    public IntRange? OutputCompression { get; init; } = SharedRules.OutputCompression;

    public AllowedValues Moderations { get; init; } = AllowedValues.Any;

    public AllowedValues InputFidelities { get; init; } = AllowedValues.Any;

    /// <summary>Gets the output format the model uses when none is asked for, or null when the catalog does not know.</summary>
    public string? DefaultOutputFormat { get; init; }

    /// <summary>Gets how many partial images a stream may ask for, or null when the model does not stream.</summary>
    public IntRange? PartialImages { get; init; } = SharedRules.PartialImages;

    public InputImageRule? EditImages { get; init; }

    public InputImageRule? VariationImage { get; init; }

    /// <summary>Gets the largest mask taken, or null for no limit the SDK knows; masks must be smaller than this.</summary>
    public long? MaskMaxBytes { get; init; }
}
