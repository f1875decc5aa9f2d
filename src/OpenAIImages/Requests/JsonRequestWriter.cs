using System;
using System.IO;
using System.Net.Http;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenAIImages.Requests;

/// <summary>
/// Writes the JSON bodies of generations and edits: each field where OpenAI's own SDK writes it, unset fields left out,
/// prompts as UTF-8 text (not <c>\u</c> escapes, as OpenAI's SDKs send them; the body is never embedded in HTML).
/// </summary>
/// <remarks>
/// Written field by field with a <see cref="Utf8JsonWriter"/> rather than through a serializer context: a first call
/// compiles these few methods instead of the serializer's metadata for two dozen properties, and every call skips the
/// serializer's walk over a body object. The contract tests hold the bytes to those of OpenAI's Node SDK.
/// </remarks>
internal static class JsonRequestWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Gets the writer options every request body (and each batch line) is written with.</summary>
    public static JsonWriterOptions Options => WriterOptions;

    public static HttpContent Create(ImageGenerationOptions options, string? model, bool stream)
    {
        var buffer = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteGeneration(writer, options, model, stream);
        }

        return Json(buffer);
    }

    public static HttpContent Create(ImageEditOptions options, string? model, bool stream)
    {
        var buffer = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteEdit(writer, options, model, stream);
        }

        return Json(buffer);
    }

    /// <summary>Writes the body of <c>POST /images/generations</c>.</summary>
    public static void WriteGeneration(Utf8JsonWriter writer, ImageGenerationOptions options, string? model, bool stream)
    {
        writer.WriteStartObject();
        String(writer, "model"u8, model);
        WriteHead(writer, options);
        String(writer, "style"u8, options.Style?.Value);
        String(writer, "response_format"u8, options.ResponseFormat?.Value);
        WriteTail(writer, options, stream);
        writer.WriteEndObject();
    }

    /// <summary>Writes the body of <c>POST /images/edits</c> in its JSON form, for images already online (URLs or file ids).</summary>
    public static void WriteEdit(Utf8JsonWriter writer, ImageEditOptions options, string? model, bool stream)
    {
        writer.WriteStartObject();
        String(writer, "model"u8, model);
        writer.WriteStartArray("images"u8);
        foreach (ImageInput image in options.Images)
        {
            Reference(writer, image);
        }

        writer.WriteEndArray();
        if (options.Mask is { } mask)
        {
            writer.WritePropertyName("mask"u8);
            Reference(writer, mask);
        }

        WriteHead(writer, options);
        String(writer, "input_fidelity"u8, options.InputFidelity?.Value);
        WriteTail(writer, options, stream);
        writer.WriteEndObject();
    }

    // The fields before the operation's own: prompt, n, size, quality.
    private static void WriteHead(Utf8JsonWriter writer, ImageRequestOptions options)
    {
        String(writer, "prompt"u8, options.Prompt);
        Number(writer, "n"u8, options.N);
        String(writer, "size"u8, options.Size?.Value);
        String(writer, "quality"u8, options.Quality?.Value);
    }

    // The fields after the operation's own, to partial_images.
    private static void WriteTail(Utf8JsonWriter writer, ImageRequestOptions options, bool stream)
    {
        String(writer, "background"u8, options.Background?.Value);
        String(writer, "output_format"u8, options.OutputFormat?.Value);
        Number(writer, "output_compression"u8, options.OutputCompression);
        String(writer, "moderation"u8, options.Moderation?.Value);
#pragma warning disable CS0618 // user is deprecated by the API but still sent when a caller sets it.
        String(writer, "user"u8, options.User);
#pragma warning restore CS0618
        String(writer, "safety_identifier"u8, options.SafetyIdentifier);
        String(writer, "complexity"u8, options.Complexity?.Value);
        Number(writer, "frame_count"u8, options.FrameCount);
        Number(writer, "frame_duration_ms"u8, options.FrameDurationMs);
        if (options.Svg is { } svg)
        {
            writer.WriteStartObject("svg"u8);
            String(writer, "model"u8, svg.Model);
            if (svg.ReasoningEffort is { } effort)
            {
                writer.WriteStartObject("reasoning"u8);
                writer.WriteString("effort"u8, effort);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        if (stream)
        {
            writer.WriteBoolean("stream"u8, true);
        }

        Number(writer, "partial_images"u8, options.PartialImages);
    }

    // An image reference: exactly one of image_url and file_id.
    private static void Reference(Utf8JsonWriter writer, ImageInput image)
    {
        writer.WriteStartObject();
        String(writer, "image_url"u8, image.Url);
        String(writer, "file_id"u8, image.FileId);
        writer.WriteEndObject();
    }

    private static void String(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static ByteArrayContent Json(MemoryStream buffer)
    {
        var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }
}
