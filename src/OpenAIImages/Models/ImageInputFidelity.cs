using System;
using System.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>How closely an edit keeps the input images' features such as faces (<c>input_fidelity</c>).</summary>
/// <remarks>
/// Extensible: the named values are the ones the API documents today; any other text the API accepts can be used
/// through the constructor or an implicit conversion from <see cref="string"/>, and is sent as given.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageInputFidelity : IEquatable<ImageInputFidelity>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text, for example <c>"high"</c>.</summary>
    /// <param name="value">The text sent in the <c>input_fidelity</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageInputFidelity(string value) => _value = ApiValue.Require(value, "input_fidelity");

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Keep the input's features closely (<c>high</c>).</summary>
    public static ImageInputFidelity High { get; } = new("high");

    /// <summary>The default (<c>low</c>).</summary>
    public static ImageInputFidelity Low { get; } = new("low");

    /// <summary>Converts wire text to a value; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageInputFidelity(string value) => new(value);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ImageInputFidelity left, ImageInputFidelity right) => left.Equals(right);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ImageInputFidelity left, ImageInputFidelity right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageInputFidelity other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageInputFidelity other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
