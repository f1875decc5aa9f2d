namespace OpenAIImages.Testing.Imaging;

/// <summary>Paints the seed's <see cref="Gradient"/> as a PNG: cheap, deterministic, and visibly distinct per seed.</summary>
internal static class GradientPainter
{
    /// <summary>Paints a PNG of the given size from a seed; <c>transparent</c> adds an alpha ramp (clear at the top-left corner) and writes RGBA.</summary>
    public static byte[] Paint(int width, int height, ulong seed, bool transparent) =>
        ImageEncoder.Encode(new Gradient(width, height, seed, transparent), ImageOutput.Png);
}
