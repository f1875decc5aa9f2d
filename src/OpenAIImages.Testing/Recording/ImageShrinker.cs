using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAIImages.Testing.Imaging;

namespace OpenAIImages.Testing.Recording;

/// <summary>Replaces the base64 images of an answer (<c>b64_json</c>, in JSON or in streamed events) by a solid-colour image of the same format and size.</summary>
internal static class ImageShrinker
{
    private const int MaxEdge = 16_384;

    public static byte[] Shrink(byte[] body, string? mediaType)
    {
        try
        {
            if (mediaType is "application/json")
            {
                return ShrinkJson(body) ?? body;
            }

            if (mediaType is "text/event-stream")
            {
                var lines = Encoding.UTF8.GetString(body).Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    if (lines[i].StartsWith("data:", StringComparison.Ordinal) && ShrinkJson(Encoding.UTF8.GetBytes(lines[i][5..].TrimStart())) is { } shrunk)
                    {
                        lines[i] = "data: " + Encoding.UTF8.GetString(shrunk);
                    }
                }

                return Encoding.UTF8.GetBytes(string.Join('\n', lines));
            }
        }
        catch (JsonException)
        {
            // Not the JSON it claims to be: record it as it came.
        }

        return body;
    }

    private static byte[]? ShrinkJson(byte[] json)
    {
        if (JsonNode.Parse(json) is not { } root || !Walk(root))
        {
            return null;
        }

        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            root.WriteTo(writer);
        }

        return output.ToArray();
    }

    // Returns whether anything was replaced.
    private static bool Walk(JsonNode node)
    {
        bool changed = false;
        if (node is JsonObject obj)
        {
            foreach (string name in obj.Select(p => p.Key).ToArray())
            {
                JsonNode? child = obj[name];
                if (name == "b64_json" && child is JsonValue value && value.TryGetValue(out string? base64) && Small(base64) is { } small)
                {
                    obj[name] = small;
                    changed = true;
                }
                else if (child is not null)
                {
                    changed |= Walk(child);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                changed |= item is not null && Walk(item);
            }
        }

        return changed;
    }

    private static string? Small(string base64)
    {
        byte[] image;
        try
        {
            image = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }

        (string Format, int Width, int Height, bool Alpha)? found = Describe(image);
        if (found is not { } d || d.Width is < 1 or > MaxEdge || d.Height is < 1 or > MaxEdge)
        {
            return null;
        }

        byte[] small = d.Format switch
        {
            "png" => PngEncoder.Encode(d.Width, d.Height, d.Alpha, Grey, System.IO.Compression.CompressionLevel.SmallestSize),
            "jpeg" => JpegEncoder.Encode(d.Width, d.Height, 50, Grey),
            "webp" => WebpLosslessEncoder.Encode(d.Width, d.Height, false, Grey),
            _ => GifEncoder.Encode(d.Width, d.Height, 1, 100, (_, y, row) => Grey(y, row)),
        };
        return Convert.ToBase64String(small);
    }

    private static void Grey(int y, Span<byte> row) => row.Fill(128);

    /// <summary>Reads an image's format and size from its header: PNG's IHDR, a JPEG's SOF marker, WebP's VP8/VP8L/VP8X chunk, GIF's screen descriptor.</summary>
    private static (string Format, int Width, int Height, bool Alpha)? Describe(ReadOnlySpan<byte> image)
    {
        if (ImageFormat.Sniff(image) is { } format && format.IsPng)
        {
            return ("png", format.Width, format.Height, image[25] is 4 or 6);
        }

        if (image.Length >= 10 && (image[..6].SequenceEqual("GIF89a"u8) || image[..6].SequenceEqual("GIF87a"u8)))
        {
            return ("gif", BinaryPrimitives.ReadUInt16LittleEndian(image[6..]), BinaryPrimitives.ReadUInt16LittleEndian(image[8..]), false);
        }

        if (image.Length >= 30 && image[..4].SequenceEqual("RIFF"u8) && image.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            ReadOnlySpan<byte> chunk = image.Slice(12, 4);
            if (chunk.SequenceEqual("VP8X"u8))
            {
                return ("webp", 1 + (image[24] | (image[25] << 8) | (image[26] << 16)), 1 + (image[27] | (image[28] << 8) | (image[29] << 16)), false);
            }

            if (chunk.SequenceEqual("VP8L"u8))
            {
                uint bits = BinaryPrimitives.ReadUInt32LittleEndian(image[21..]);
                return ("webp", 1 + (int)(bits & 0x3FFF), 1 + (int)((bits >> 14) & 0x3FFF), false);
            }

            if (chunk.SequenceEqual("VP8 "u8))
            {
                return ("webp", BinaryPrimitives.ReadUInt16LittleEndian(image[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(image[28..]) & 0x3FFF, false);
            }

            return null;
        }

        if (image.Length >= 4 && image[0] == 0xFF && image[1] == 0xD8)
        {
            int offset = 2;
            while (offset + 9 < image.Length && image[offset] == 0xFF)
            {
                byte marker = image[offset + 1];
                int length = BinaryPrimitives.ReadUInt16BigEndian(image[(offset + 2)..]);
                if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    return ("jpeg", BinaryPrimitives.ReadUInt16BigEndian(image[(offset + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(image[(offset + 5)..]), false);
                }

                offset += 2 + length;
            }
        }

        return null;
    }
}
