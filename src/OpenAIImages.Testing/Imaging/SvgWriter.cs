using System.Globalization;
using System.Text;

namespace OpenAIImages.Testing.Imaging;

/// <summary>Writes the gradient as an SVG 1.1 document: one rectangle filled with a linear gradient along the same diagonal the raster encoders draw.</summary>
internal static class SvgWriter
{
    public static byte[] Write(Gradient gradient)
    {
        string width = Number(gradient.Width);
        string height = Number(gradient.Height);

        // The raster colour depends on x + y and reaches End at the bottom-right pixel, so the gradient vector runs
        // along (1, 1) from the origin to the point where x + y equals that pixel's x + y.
        string end = Number((gradient.Width + gradient.Height - 2) / 2.0);
        string startOpacity = gradient.Transparent ? " stop-opacity=\"0\"" : string.Empty;
        var svg = new StringBuilder(512);
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\">\n")
            .Append("  <defs>\n")
            .Append("    <linearGradient id=\"g\" gradientUnits=\"userSpaceOnUse\" x1=\"0\" y1=\"0\" x2=\"").Append(end).Append("\" y2=\"").Append(end).Append("\">\n")
            .Append("      <stop offset=\"0\" stop-color=\"").Append(gradient.Start.Hex).Append('"').Append(startOpacity).Append("/>\n")
            .Append("      <stop offset=\"1\" stop-color=\"").Append(gradient.End.Hex).Append("\"/>\n")
            .Append("    </linearGradient>\n")
            .Append("  </defs>\n")
            .Append("  <rect width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" fill=\"url(#g)\"/>\n")
            .Append("</svg>\n");
        return Encoding.UTF8.GetBytes(svg.ToString());
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
