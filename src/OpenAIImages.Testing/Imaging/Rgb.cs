namespace OpenAIImages.Testing.Imaging;

/// <summary>An opaque 8-bit colour.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Gets the colour as CSS/SVG writes it, <c>#rrggbb</c>.</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";
}
