using System;
using System.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>How DALL·E models return images (<c>response_format</c>): a URL or base64 data. GPT image models always return base64.</summary>
/// <remarks>
/// Extensible: the named values are the ones the API documents today; any other text the API accepts can be used
/// through the constructor or an implicit conversion from <see cref="string"/>, and is sent as given.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageResponseFormat : IEquatable<ImageResponseFormat>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text, for example <c>"url"</c>.</summary>
    /// <param name="value">The text sent in the <c>response_format</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageResponseFormat(string value) => _value = ApiValue.Require(value, "response_format");

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>A URL valid for 60 minutes (<c>url</c>).</summary>
    public static ImageResponseFormat Url { get; } = new("url");

    /// <summary>The image bytes, base64-encoded in the response (<c>b64_json</c>).</summary>
    public static ImageResponseFormat Base64Json { get; } = new("b64_json");

    /// <summary>Converts wire text to a value; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageResponseFormat(string value) => new(value);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ImageResponseFormat left, ImageResponseFormat right) => left.Equals(right);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ImageResponseFormat left, ImageResponseFormat right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageResponseFormat other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageResponseFormat other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
