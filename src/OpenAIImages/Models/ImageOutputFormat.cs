using System;
using System.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>The file format of a GPT image model's image (<c>output_format</c>).</summary>
/// <remarks>
/// Extensible: the named values are the ones the API documents today; any other text the API accepts can be used
/// through the constructor or an implicit conversion from <see cref="string"/>, and is sent as given.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageOutputFormat : IEquatable<ImageOutputFormat>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text, for example <c>"png"</c>.</summary>
    /// <param name="value">The text sent in the <c>output_format</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageOutputFormat(string value) => _value = ApiValue.Require(value, "output_format");

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>PNG (<c>png</c>).</summary>
    public static ImageOutputFormat Png { get; } = new("png");

    /// <summary>JPEG (<c>jpeg</c>).</summary>
    public static ImageOutputFormat Jpeg { get; } = new("jpeg");

    /// <summary>WebP (<c>webp</c>).</summary>
    public static ImageOutputFormat Webp { get; } = new("webp");

    /// <summary>An animated GIF, for gpt-image-2.5 and later; see <c>FrameCount</c> (<c>gif</c>).</summary>
    public static ImageOutputFormat Gif { get; } = new("gif");

    /// <summary>A vector SVG, for gpt-image-2.5 and later; one image per request (<c>svg</c>).</summary>
    public static ImageOutputFormat Svg { get; } = new("svg");

    /// <summary>Converts wire text to a value; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageOutputFormat(string value) => new(value);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ImageOutputFormat left, ImageOutputFormat right) => left.Equals(right);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ImageOutputFormat left, ImageOutputFormat right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageOutputFormat other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageOutputFormat other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
