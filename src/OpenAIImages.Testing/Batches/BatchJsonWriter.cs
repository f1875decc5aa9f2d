using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenAIImages.Testing.Engine;

namespace OpenAIImages.Testing.Batches;

/// <summary>The Batch API's JSON: file and batch objects, the batch list, and the lines of output and error files.</summary>
internal static class BatchJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static EngineResponse Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return new EngineResponse(200, "application/json", buffer.WrittenSpan.ToArray());
    }

    public static void WriteFile(Utf8JsonWriter w, StoredFile file)
    {
        w.WriteStartObject();
        w.WriteString("id", file.Id);
        w.WriteString("object", "file");
        w.WriteNumber("bytes", file.Length);
        w.WriteNumber("created_at", file.CreatedAt);
        w.WriteString("filename", file.FileName);
        w.WriteString("purpose", file.Purpose);
        w.WriteString("status", "processed");
        w.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter w, IReadOnlyList<EmulatedBatchState> batches)
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        for (int i = batches.Count - 1; i >= 0; i--)
        {
            WriteBatch(w, batches[i]);
        }

        w.WriteEndArray();
        WriteNullable(w, "first_id", batches.Count > 0 ? batches[^1].Id : null);
        WriteNullable(w, "last_id", batches.Count > 0 ? batches[0].Id : null);
        w.WriteBoolean("has_more", false);
        w.WriteEndObject();
    }

    public static void WriteBatch(Utf8JsonWriter w, EmulatedBatchState batch)
    {
        w.WriteStartObject();
        w.WriteString("id", batch.Id);
        w.WriteString("object", "batch");
        w.WriteString("endpoint", batch.Endpoint);
        if (batch.Status == "failed")
        {
            w.WriteStartObject("errors");
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach ((string message, int? line) in batch.Errors)
            {
                w.WriteStartObject();
                w.WriteString("code", "invalid_request");
                w.WriteString("message", message);
                w.WriteNull("param");
                if (line is { } number)
                {
                    w.WriteNumber("line", number);
                }
                else
                {
                    w.WriteNull("line");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("errors");
        }

        w.WriteString("input_file_id", batch.InputFileId);
        w.WriteString("completion_window", "24h");
        w.WriteString("status", batch.Status);
        WriteNullable(w, "output_file_id", batch.OutputFileId);
        WriteNullable(w, "error_file_id", batch.ErrorFileId);
        w.WriteNumber("created_at", batch.CreatedAt);
        w.WriteNumber("expires_at", batch.CreatedAt + (24 * 3600));
        w.WriteStartObject("request_counts");
        w.WriteNumber("total", batch.LineCount);
        w.WriteNumber("completed", batch.Completed);
        w.WriteNumber("failed", batch.Failed);
        w.WriteEndObject();
        if (batch.Metadata is { } metadata)
        {
            w.WriteStartObject("metadata");
            foreach ((string key, string value) in metadata)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("metadata");
        }

        w.WriteEndObject();
    }

    public static void WriteResultLine(Stream file, string customId, int? status, byte[]? body, (string Code, string Message)? error)
    {
        using (var writer = new Utf8JsonWriter(file, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", BatchIds.New("batch_req_"));
            writer.WriteString("custom_id", customId);
            if (status is { } code)
            {
                writer.WriteStartObject("response");
                writer.WriteNumber("status_code", code);
                writer.WriteString("request_id", BatchIds.New("req_"));
                writer.WritePropertyName("body");
                writer.WriteRawValue(body!, skipInputValidation: true);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("response");
            }

            if (error is { } e)
            {
                writer.WriteStartObject("error");
                writer.WriteString("code", e.Code);
                writer.WriteString("message", e.Message);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("error");
            }

            writer.WriteEndObject();
        }

        file.WriteByte((byte)'\n');
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
