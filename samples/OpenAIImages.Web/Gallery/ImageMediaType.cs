using System;

namespace OpenAIImages.Web.Gallery;

/// <summary>The media type of an image file, read from its first bytes rather than from what the server claimed.</summary>
internal static class ImageMediaType
{
    public static string Of(ReadOnlySpan<byte> file)
    {
        if (file.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
        {
            return "image/png";
        }

        if (file.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (file.StartsWith("GIF8"u8))
        {
            return "image/gif";
        }

        if (file.Length >= 12 && file.StartsWith("RIFF"u8) && file.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        ReadOnlySpan<byte> text = file.TrimStart(" \t\r\n"u8);
        return text.StartsWith("<svg"u8) || text.StartsWith("<?xml"u8) ? "image/svg+xml" : "application/octet-stream";
    }
}
