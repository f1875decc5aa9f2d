using System;
using System.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>The quality of the generated image (<c>quality</c>).</summary>
/// <remarks>
/// Extensible: the named values are the ones the API documents today; any other text the API accepts can be used
/// through the constructor or an implicit conversion from <see cref="string"/>, and is sent as given.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageQuality : IEquatable<ImageQuality>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text, for example <c>"standard"</c>.</summary>
    /// <param name="value">The text sent in the <c>quality</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageQuality(string value) => _value = ApiValue.Require(value, "quality");

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Standard quality, for DALL·E models (<c>standard</c>).</summary>
    public static ImageQuality Standard { get; } = new("standard");

    /// <summary>Finer detail, for DALL·E 3 (<c>hd</c>).</summary>
    public static ImageQuality Hd { get; } = new("hd");

    /// <summary>Low quality, for GPT image models (<c>low</c>).</summary>
    public static ImageQuality Low { get; } = new("low");

    /// <summary>Medium quality, for GPT image models (<c>medium</c>).</summary>
    public static ImageQuality Medium { get; } = new("medium");

    /// <summary>High quality, for GPT image models (<c>high</c>).</summary>
    public static ImageQuality High { get; } = new("high");

    /// <summary>Extra high quality, for gpt-image-2.5 and later (<c>xhigh</c>).</summary>
    public static ImageQuality XHigh { get; } = new("xhigh");

    /// <summary>The highest quality, for gpt-image-2.5 and later (<c>max</c>).</summary>
    public static ImageQuality Max { get; } = new("max");

    /// <summary>The model chooses (<c>auto</c>).</summary>
    public static ImageQuality Auto { get; } = new("auto");

    /// <summary>Converts wire text to a value; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageQuality(string value) => new(value);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ImageQuality left, ImageQuality right) => left.Equals(right);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ImageQuality left, ImageQuality right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageQuality other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageQuality other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
