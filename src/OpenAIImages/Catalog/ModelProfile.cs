using System;
using System.Collections.Generic;
using OpenAIImages.Requests;

namespace OpenAIImages.Catalog;

/// <summary>The endpoints a model serves.</summary>
[Flags]
internal enum ImageOperations
{
    None = 0,
    Generate = 1,
    Edit = 2,
    Variation = 4,
    All = Generate | Edit | Variation,
}

/// <summary>Which values a parameter takes for one model: none (the model does not take it), any, or a list.</summary>
internal sealed class AllowedValues
{
    private AllowedValues(IReadOnlyList<string>? values, bool supported)
    {
        Values = values;
        IsSupported = supported;
    }

    public static AllowedValues NotSupported { get; } = new(null, false);

    public static AllowedValues Any { get; } = new(null, true);

    /// <summary>Gets whether the model takes the parameter at all.</summary>
    public bool IsSupported { get; }

    /// <summary>Gets the values the model takes, or null for any value.</summary>
    public IReadOnlyList<string>? Values { get; }

    public static AllowedValues Of(params string[] values) => new(values, true);

    public bool Allows(string value) => IsSupported && (Values is null || Contains(Values, value));

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        // Indexed, not foreach: an interface enumerator would be an allocation per check.
        for (int i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Sizes a model takes: a fixed list, <c>auto</c>, and for the newest models any size within a rule.</summary>
/// <param name="Fixed">The listed sizes; empty with <paramref name="Flexible"/> null means any size.</param>
/// <param name="AllowsAuto">Whether <c>auto</c> is taken.</param>
/// <param name="Flexible">A rule for custom sizes, or null when only the listed sizes are taken.</param>
internal sealed record SizeRule(IReadOnlyList<string> Fixed, bool AllowsAuto, FlexibleSizeRule? Flexible)
{
    public static SizeRule AnySize { get; } = new([], true, null);

    public bool IsOpen => Fixed.Count == 0 && Flexible is null;
}

/// <summary>A rule for custom <c>WIDTHxHEIGHT</c> sizes.</summary>
/// <param name="EdgeMultiple">Both edges must be multiples of this.</param>
/// <param name="MaxAspectRatio">The longer edge may be at most this many times the shorter.</param>
/// <param name="MaxEdge">The longest edge allowed.</param>
/// <param name="MinPixels">The fewest total pixels.</param>
/// <param name="MaxPixels">The most total pixels.</param>
internal sealed record FlexibleSizeRule(int EdgeMultiple, int MaxAspectRatio, int MaxEdge, long MinPixels, long MaxPixels);

/// <summary>What input images a model takes for one endpoint.</summary>
/// <param name="Formats">The formats taken, read from the bytes.</param>
/// <param name="MaxBytes">The largest file taken; files must be smaller than this.</param>
/// <param name="MustBeSquare">Whether width must equal height.</param>
/// <param name="MaxCount">How many images one request takes.</param>
internal sealed record InputImageRule(IReadOnlyList<ImageFileFormat> Formats, long MaxBytes, bool MustBeSquare, int MaxCount);

/// <summary>Everything the SDK checks about one model, as data.</summary>
internal sealed record ModelProfile
{
    public required string Id { get; init; }

    /// <summary>Gets whether the catalog knows the model; an unknown model gets only the rules every model shares.</summary>
    public bool IsKnown { get; init; } = true;

    public required ImageOperations Operations { get; init; }

    /// <summary>Gets when OpenAI's API stops (or stopped) serving the model; before it the model is deprecated, after it retired. Null while active.</summary>
    public DateTimeOffset? ShutdownDate { get; init; }

    /// <summary>Gets the model to move to when this one is deprecated or retired.</summary>
    public string? Replacement { get; init; }

    /// <summary>Gets whether edits may name images already online (the JSON form) instead of uploading them.</summary>
    public bool AcceptsImageReferences { get; init; } = true;

    /// <summary>Gets whether edits take a <c>markup</c> overlay.</summary>
    public bool SupportsMarkup { get; init; } = true;

    public AllowedValues Complexities { get; init; } = AllowedValues.Any;

    public int? MaxPromptLength { get; init; }

    public int MaxN { get; init; } = 10;

    public SizeRule GenerationSizes { get; init; } = SizeRule.AnySize;

    public SizeRule EditSizes { get; init; } = SizeRule.AnySize;

    public SizeRule VariationSizes { get; init; } = SizeRule.AnySize;

    public AllowedValues Qualities { get; init; } = AllowedValues.Any;

    public AllowedValues EditQualities { get; init; } = AllowedValues.Any;

    public AllowedValues Styles { get; init; } = AllowedValues.Any;

    public AllowedValues ResponseFormats { get; init; } = AllowedValues.Any;

    public AllowedValues Backgrounds { get; init; } = AllowedValues.Any;

    public AllowedValues OutputFormats { get; init; } = AllowedValues.Any;

    public AllowedValues Moderations { get; init; } = AllowedValues.Any;

    public AllowedValues InputFidelities { get; init; } = AllowedValues.Any;

    /// <summary>Gets the output format the model uses when none is asked for, or null when the catalog does not know.</summary>
    public string? DefaultOutputFormat { get; init; }

    /// <summary>Gets the most partial images a stream may ask for, or null when the model does not stream.</summary>
    public int? MaxPartialImages { get; init; } = 3;

    public InputImageRule? EditImages { get; init; }

    public InputImageRule? VariationImage { get; init; }

    /// <summary>Gets the largest mask taken, or null for no limit the SDK knows.</summary>
    public long? MaskMaxBytes { get; init; }
}
