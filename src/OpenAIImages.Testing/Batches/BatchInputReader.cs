using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace OpenAIImages.Testing.Batches;

/// <summary>Checks a batch input file line by line, as the service checks one: any problem fails the whole batch, with its line number.</summary>
internal static class BatchInputReader
{
    public static (List<BatchLine> Lines, List<(string, int?)> Errors) Read(StoredFile file, string endpoint)
    {
        var lines = new List<BatchLine>();
        var errors = new List<(string, int?)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using Stream input = new BufferedStream(file.OpenRead(), 256 * 1024);
        var line = new ArrayBufferWriter<byte>(4096);
        long offset = 0;
        int number = 0;
        while (true)
        {
            line.ResetWrittenCount();
            long start = offset;
            int next;
            while ((next = input.ReadByte()) >= 0 && next != '\n')
            {
                line.GetSpan(1)[0] = (byte)next;
                line.Advance(1);
            }

            offset += line.WrittenCount + (next >= 0 ? 1 : 0);
            number++;
            Check(line.WrittenSpan, start, number, endpoint, ids, lines, errors);
            if (next < 0)
            {
                break;
            }
        }

        if (lines.Count == 0 && errors.Count == 0)
        {
            errors.Add(("The input file has no requests.", null));
        }

        return (lines, errors);
    }

    /// <summary>Gets the <c>body</c> of a line read earlier, as JSON bytes.</summary>
    public static byte[] Body(StoredFile file, BatchLine line)
    {
        using var document = JsonDocument.Parse(file.Read(line.Offset, line.Length));
        return System.Text.Encoding.UTF8.GetBytes(document.RootElement.GetProperty("body").GetRawText());
    }

    private static void Check(ReadOnlySpan<byte> text, long offset, int number, string endpoint, HashSet<string> ids, List<BatchLine> lines, List<(string, int?)> errors)
    {
        if (text.Length > 0 && text[^1] == '\r')
        {
            text = text[..^1];
        }

        if (text.Trim(" \t"u8).Length == 0)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(text);
            using var document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            string? customId = root.TryGetProperty("custom_id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            string? url = root.TryGetProperty("url", out JsonElement u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            string? method = root.TryGetProperty("method", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (string.IsNullOrEmpty(customId) || method != "POST" || !root.TryGetProperty("body", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
            {
                errors.Add(("Each line needs a custom_id, \"method\": \"POST\", a url and a body object.", number));
            }
            else if (url != endpoint)
            {
                errors.Add(($"The url '{url}' does not match the batch's endpoint '{endpoint}'.", number));
            }
            else if (!ids.Add(customId))
            {
                errors.Add(($"The custom_id '{customId}' is used more than once.", number));
            }
            else
            {
                lines.Add(new BatchLine(customId, url, offset, text.Length));
            }
        }
        catch (JsonException)
        {
            errors.Add(("The line is not valid JSON.", number));
        }
    }
}
