using System;
using System.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>The background of a GPT image model's image (<c>background</c>).</summary>
/// <remarks>
/// Extensible: the named values are the ones the API documents today; any other text the API accepts can be used
/// through the constructor or an implicit conversion from <see cref="string"/>, and is sent as given.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageBackground : IEquatable<ImageBackground>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text, for example <c>"transparent"</c>.</summary>
    /// <param name="value">The text sent in the <c>background</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageBackground(string value) => _value = ApiValue.Require(value, "background");

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>A transparent background; needs the png or webp output format (<c>transparent</c>).</summary>
    public static ImageBackground Transparent { get; } = new("transparent");

    /// <summary>An opaque background (<c>opaque</c>).</summary>
    public static ImageBackground Opaque { get; } = new("opaque");

    /// <summary>The model chooses (<c>auto</c>).</summary>
    public static ImageBackground Auto { get; } = new("auto");

    /// <summary>Converts wire text to a value; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageBackground(string value) => new(value);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ImageBackground left, ImageBackground right) => left.Equals(right);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ImageBackground left, ImageBackground right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageBackground other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageBackground other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
