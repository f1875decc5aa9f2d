using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>Draws a diagonal two-colour gradient whose colours come from a seed: cheap, deterministic, and visibly distinct per seed.</summary>
internal static class GradientPainter
{
    /// <summary>Paints a PNG of the given size from a seed; <c>transparent</c> adds an alpha ramp (clear at the top-left corner) and writes RGBA.</summary>
    public static byte[] Paint(int width, int height, ulong seed, bool transparent)
    {
        int bytesPerPixel = transparent ? 4 : 3;
        int steps = width + height - 1;

        // Pixel (x, y) depends only on x + y, so every row is a window into one diagonal ramp.
        var ramp = new byte[steps * bytesPerPixel];
        ReadOnlySpan<byte> from = [(byte)seed, (byte)(seed >> 8), (byte)(seed >> 16)];
        ReadOnlySpan<byte> to = [(byte)(seed >> 24), (byte)(seed >> 32), (byte)(seed >> 40)];
        int span = Math.Max(1, steps - 1);
        for (int d = 0; d < steps; d++)
        {
            int offset = d * bytesPerPixel;
            for (int c = 0; c < 3; c++)
            {
                ramp[offset + c] = (byte)(from[c] + (((to[c] - from[c]) * d) / span));
            }

            if (transparent)
            {
                ramp[offset + 3] = (byte)((255 * d) / span);
            }
        }

        return PngEncoder.Encode(width, height, transparent, (y, row) => ramp.AsSpan(y * bytesPerPixel, row.Length).CopyTo(row));
    }
}
