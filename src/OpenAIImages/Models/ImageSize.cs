using System;
using System.Diagnostics;
using System.Globalization;
using OpenAIImages.Internal;

namespace OpenAIImages;

/// <summary>The size of a generated image (<c>size</c>): <c>auto</c> or <c>WIDTHxHEIGHT</c> in pixels.</summary>
/// <remarks>
/// Which sizes a model takes is decided by the model catalog when a request is validated; any text can be held here,
/// so a size a new model accepts can be sent today.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly struct ImageSize : IEquatable<ImageSize>
{
    private readonly string? _value;

    /// <summary>Creates a size from its wire text, for example <c>"1024x1024"</c> or <c>"auto"</c>.</summary>
    /// <param name="value">The text sent in the <c>size</c> field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or padded with white space.</exception>
    public ImageSize(string value) => _value = ApiValue.Require(value, "size");

    /// <summary>Creates a <c>WIDTHxHEIGHT</c> size.</summary>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    public ImageSize(int width, int height)
    {
        if (width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "An image width must be positive.");
        }

        if (height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "An image height must be positive.");
        }

        _value = width.ToString(CultureInfo.InvariantCulture) + "x" + height.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Gets the text sent on the wire.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets whether this is <c>auto</c>: the model chooses.</summary>
    public bool IsAuto => Value == "auto";

    /// <summary>The model chooses the size (<c>auto</c>); GPT image models only.</summary>
    public static ImageSize Auto { get; } = new("auto");

    /// <summary>256×256, DALL·E 2.</summary>
    public static ImageSize Square256 { get; } = new("256x256");

    /// <summary>512×512, DALL·E 2.</summary>
    public static ImageSize Square512 { get; } = new("512x512");

    /// <summary>1024×1024, every model.</summary>
    public static ImageSize Square1024 { get; } = new("1024x1024");

    /// <summary>1792×1024 landscape, DALL·E 3.</summary>
    public static ImageSize Landscape1792x1024 { get; } = new("1792x1024");

    /// <summary>1024×1792 portrait, DALL·E 3.</summary>
    public static ImageSize Portrait1024x1792 { get; } = new("1024x1792");

    /// <summary>1536×1024 landscape, GPT image models.</summary>
    public static ImageSize Landscape1536x1024 { get; } = new("1536x1024");

    /// <summary>1024×1536 portrait, GPT image models.</summary>
    public static ImageSize Portrait1024x1536 { get; } = new("1024x1536");

    /// <summary>Reads the width and height when the size is of the form <c>WIDTHxHEIGHT</c>.</summary>
    /// <param name="width">The width in pixels, or 0.</param>
    /// <param name="height">The height in pixels, or 0.</param>
    /// <returns><see langword="true"/> when both are positive whole numbers.</returns>
    public bool TryGetDimensions(out int width, out int height)
    {
        width = 0;
        height = 0;
        string text = Value;
        int x = text.IndexOf('x');
        if (x <= 0 || x == text.Length - 1)
        {
            return false;
        }

        return int.TryParse(text.Substring(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(text.Substring(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width > 0 && height > 0;
    }

    /// <summary>Converts wire text to a size; see the constructor for the rules.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ImageSize(string value) => new(value);

    /// <summary>Compares two sizes by their wire text (ordinal).</summary>
    /// <param name="left">The first size.</param>
    /// <param name="right">The second size.</param>
    public static bool operator ==(ImageSize left, ImageSize right) => left.Equals(right);

    /// <summary>Compares two sizes by their wire text (ordinal).</summary>
    /// <param name="left">The first size.</param>
    /// <param name="right">The second size.</param>
    public static bool operator !=(ImageSize left, ImageSize right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ImageSize other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImageSize other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire text.</summary>
    public override string ToString() => Value;
}
