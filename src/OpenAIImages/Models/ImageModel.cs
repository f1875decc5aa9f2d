using System;
using System.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>An image model id (<c>model</c>), such as <c>gpt-image-2</c> or <c>dall-e-3</c>.</summary>
/// <remarks>
/// Extensible: the named values are the ones the API documents today; any other text the API accepts can be used
/// through the constructor or an implicit conversion from <see cref="string"/>, and is sent as given.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageModel : IEquatable<ImageModel>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text, for example <c>"dall-e-2"</c>.</summary>
    /// <param name="value">The text sent in the <c>model</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageModel(string value) => _value = ApiValue.Require(value, "model");

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>DALL·E 2: generations, edits and variations (<c>dall-e-2</c>).</summary>
    public static ImageModel DallE2 { get; } = new("dall-e-2");

    /// <summary>DALL·E 3: generations only (<c>dall-e-3</c>).</summary>
    public static ImageModel DallE3 { get; } = new("dall-e-3");

    /// <summary>GPT Image 1 (<c>gpt-image-1</c>).</summary>
    public static ImageModel GptImage1 { get; } = new("gpt-image-1");

    /// <summary>GPT Image 1 mini (<c>gpt-image-1-mini</c>).</summary>
    public static ImageModel GptImage1Mini { get; } = new("gpt-image-1-mini");

    /// <summary>GPT Image 1.5 (<c>gpt-image-1.5</c>).</summary>
    public static ImageModel GptImage15 { get; } = new("gpt-image-1.5");

    /// <summary>The image model used in ChatGPT (<c>chatgpt-image-latest</c>).</summary>
    public static ImageModel ChatGptImageLatest { get; } = new("chatgpt-image-latest");

    /// <summary>GPT Image 2 (<c>gpt-image-2</c>).</summary>
    public static ImageModel GptImage2 { get; } = new("gpt-image-2");

    /// <summary>GPT Image 2.5 Sunburst (<c>gpt-image-2.5-sunburst</c>).</summary>
    public static ImageModel GptImage25Sunburst { get; } = new("gpt-image-2.5-sunburst");

    /// <summary>GPT Image 2.5 Flare (<c>gpt-image-2.5-flare</c>).</summary>
    public static ImageModel GptImage25Flare { get; } = new("gpt-image-2.5-flare");

    /// <summary>GPT Image 2.6 Sunburst (<c>gpt-image-2.6-sunburst</c>).</summary>
    public static ImageModel GptImage26Sunburst { get; } = new("gpt-image-2.6-sunburst");

    /// <summary>GPT Image 2.6 Flare (<c>gpt-image-2.6-flare</c>).</summary>
    public static ImageModel GptImage26Flare { get; } = new("gpt-image-2.6-flare");

    /// <summary>Converts wire text to a value; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageModel(string value) => new(value);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ImageModel left, ImageModel right) => left.Equals(right);

    /// <summary>Compares two values by their wire text (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ImageModel left, ImageModel right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageModel other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageModel other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
