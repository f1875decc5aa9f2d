using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Text.Json;

namespace OpenAIImages.Benchmarks;

/// <summary>Builds the canned response bodies and input files once; every call then streams the same bytes.</summary>
public static class Payloads
{
    /// <summary>1.5 MiB: the decoded size of each generated image.</summary>
    public const int DefaultImageBytes = 3 * 512 * 1024;

    /// <summary>4 MiB: the PNG uploaded by the edit case.</summary>
    public const int DefaultEditFileBytes = 4 * 1024 * 1024;

    /// <summary>Images per generation call.</summary>
    public const int ImageCount = 4;

    /// <summary>The <c>x-request-id</c> every canned answer carries, as OpenAI's do.</summary>
    public const string RequestId = "req_7f3c2a9b41d84e0f9a6b5c3d2e1f0a9b";

    public const string Prompt = "A lighthouse on a cliff at dusk, watercolour";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Random bytes behind a PNG signature and IHDR (1024x1024 RGBA), <paramref name="length"/> bytes in all.</summary>
    public static byte[] FakePng(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        PngSignature.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), 1024);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), 1024);
        bytes[24] = 8; // bit depth
        bytes[25] = 6; // RGBA
        bytes[26] = 0;
        bytes[27] = 0;
        bytes[28] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), 0); // CRC (not checked)

        // One IDAT chunk over the rest, so a header reader stops there.
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(33), (uint)(length - 33 - 12));
        "IDAT"u8.CopyTo(bytes.AsSpan(37));
        return bytes;
    }

    /// <summary>An <c>ImagesResponse</c> with <paramref name="images"/> as <c>b64_json</c>, as gpt-image models answer.</summary>
    public static byte[] B64Response(byte[][] images)
    {
        var buffer = new ArrayBufferWriter<byte>(images.Length * (images.Length > 0 ? images[0].Length * 4 / 3 + 64 : 64) + 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", 1_767_225_600);
            writer.WriteStartArray("data");
            foreach (byte[] image in images)
            {
                writer.WriteStartObject();
                writer.WriteBase64String("b64_json", image);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("background", "opaque");
            writer.WriteString("output_format", "png");
            writer.WriteString("quality", "high");
            writer.WriteString("size", "1024x1024");
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", 50);
            writer.WriteNumber("output_tokens", 4160 * images.Length);
            writer.WriteNumber("total_tokens", 50 + (4160 * images.Length));
            writer.WriteStartObject("input_tokens_details");
            writer.WriteNumber("text_tokens", 50);
            writer.WriteNumber("image_tokens", 0);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>1 MiB: the decoded size of each partial image of the streaming case.</summary>
    public const int DefaultPartialBytes = 1024 * 1024;

    /// <summary>Partial images per streamed call.</summary>
    public const int PartialCount = 3;

    /// <summary>
    /// A <c>text/event-stream</c> as gpt-image models send it: an <c>event:</c> line and one compact <c>data:</c> line per
    /// event, <paramref name="partials"/> partial images, then the completed image with its usage.
    /// </summary>
    public static byte[] EventStream(byte[][] partials, byte[] final)
    {
        var buffer = new ArrayBufferWriter<byte>(((partials.Length + 1) * 2 * final.Length) + 4096);
        for (int i = 0; i < partials.Length; i++)
        {
            Event(buffer, "image_generation.partial_image", writer =>
            {
                writer.WriteString("type", "image_generation.partial_image");
                writer.WriteBase64String("b64_json", partials[i]);
                writer.WriteNumber("created_at", 1_767_225_600);
                writer.WriteString("size", "1024x1024");
                writer.WriteString("quality", "high");
                writer.WriteString("background", "opaque");
                writer.WriteString("output_format", "png");
                writer.WriteNumber("partial_image_index", i);
            });
        }

        Event(buffer, "image_generation.completed", writer =>
        {
            writer.WriteString("type", "image_generation.completed");
            writer.WriteBase64String("b64_json", final);
            writer.WriteNumber("created_at", 1_767_225_600);
            writer.WriteString("size", "1024x1024");
            writer.WriteString("quality", "high");
            writer.WriteString("background", "opaque");
            writer.WriteString("output_format", "png");
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", 50);
            writer.WriteNumber("output_tokens", 4160);
            writer.WriteNumber("total_tokens", 4210);
            writer.WriteStartObject("input_tokens_details");
            writer.WriteNumber("text_tokens", 50);
            writer.WriteNumber("image_tokens", 0);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A small <c>url</c> answer, as dall-e-3 gives.</summary>
    public static byte[] UrlResponse() =>
        """
        {"created":1767225600,"data":[{"revised_prompt":"A lighthouse on a rocky cliff at dusk, painted in soft watercolour washes.","url":"https://oaidalleapiprodscus.blob.core.windows.net/private/org-abc/user-def/img-0123456789abcdef.png?st=2026-01-01T00%3A00%3A00Z&se=2026-01-01T02%3A00%3A00Z&sp=r&sig=abcdefghijklmnopqrstuvwxyz0123456789%3D"}]}
        """u8.ToArray();

    /// <summary>A 500 answer with an OpenAI error body.</summary>
    public static byte[] ServerErrorResponse() =>
        """
        {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}
        """u8.ToArray();

    private static void Event(ArrayBufferWriter<byte> buffer, string type, Action<Utf8JsonWriter> fields)
    {
        WriteAscii(buffer, "event: " + type + "\ndata: ");
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }

        WriteAscii(buffer, "\n\n");
    }

    private static void WriteAscii(ArrayBufferWriter<byte> buffer, string text)
    {
        int n = System.Text.Encoding.ASCII.GetBytes(text, buffer.GetSpan(text.Length));
        buffer.Advance(n);
    }

    /// <summary>Creates a temporary folder for one benchmark class.</summary>
    public static string CreateTempDirectory(string name)
    {
        string path = Path.Combine(Path.GetTempPath(), "openaiimages-bench-" + name + "-" + Environment.ProcessId);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Left behind in the temp folder.
        }
    }
}
