using System;
using System.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>How much planning effort a gpt-image-2.5 or later model spends on the image, independent of quality (<c>complexity</c>).</summary>
/// <remarks>
/// Extensible: the named values are the ones the API documents today; any other text the API accepts can be used
/// through the constructor or an implicit conversion from <see cref="string"/>, and is sent as given.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageComplexity : IEquatable<ImageComplexity>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text, for example <c>"high"</c>.</summary>
    /// <param name="value">The text sent in the <c>complexity</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageComplexity(string value) => _value = ApiValue.Require(value, "complexity");

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Little planning (<c>low</c>).</summary>
    public static ImageComplexity Low { get; } = new("low");

    /// <summary>Some planning (<c>medium</c>).</summary>
    public static ImageComplexity Medium { get; } = new("medium");

    /// <summary>The most planning, for intricate scenes (<c>high</c>).</summary>
    public static ImageComplexity High { get; } = new("high");

    /// <summary>Converts wire text to a value; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageComplexity(string value) => new(value);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ImageComplexity left, ImageComplexity right) => left.Equals(right);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ImageComplexity left, ImageComplexity right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageComplexity other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageComplexity other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
