using System;
using System.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>The style of a DALL·E 3 image (<c>style</c>).</summary>
/// <remarks>
/// Extensible: the named values are the ones the API documents today; any other text the API accepts can be used
/// through the constructor or an implicit conversion from <see cref="string"/>, and is sent as given.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageStyle : IEquatable<ImageStyle>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text, for example <c>"vivid"</c>.</summary>
    /// <param name="value">The text sent in the <c>style</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageStyle(string value) => _value = ApiValue.Require(value, "style");

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Hyper-real and dramatic (<c>vivid</c>).</summary>
    public static ImageStyle Vivid { get; } = new("vivid");

    /// <summary>More natural, less hyper-real (<c>natural</c>).</summary>
    public static ImageStyle Natural { get; } = new("natural");

    /// <summary>Converts wire text to a value; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageStyle(string value) => new(value);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ImageStyle left, ImageStyle right) => left.Equals(right);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ImageStyle left, ImageStyle right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageStyle other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageStyle other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
