namespace OpenAIImages.Testing.Imaging;

/// <summary>An 8-bit colour with straight (not premultiplied) alpha.</summary>
internal readonly record struct Rgba(byte R, byte G, byte B, byte A);
