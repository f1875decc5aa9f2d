using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace OpenAIImages.Testing.Batches;

/// <summary>
/// Reads a batch input file line by line, a block at a time: once when the batch is created, to check it as the service
/// does (any problem fails the whole batch, with its line number), and again when the batch runs, for its requests.
/// Nothing is kept per line between the two; while checking, only each line's custom_id, which must be unique.
/// </summary>
internal static class BatchInputReader
{
    /// <summary>Checks every line against the batch's endpoint.</summary>
    /// <returns>How many requests the file holds, and its problems, each with its 1-based line.</returns>
    public static (int Count, List<(string, int?)> Errors) Check(StoredFile file, string endpoint)
    {
        var errors = new List<(string, int?)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int count = 0;
        int number = 0;
        using var lines = new LineReader(file.OpenRead());
        while (lines.TryRead(out ReadOnlyMemory<byte> line))
        {
            number++;
            ReadOnlySpan<byte> text = Content(line.Span);
            if (text.IsEmpty)
            {
                continue;
            }

            if (Problem(text, endpoint, ids) is { } problem)
            {
                errors.Add((problem, number));
            }
            else
            {
                count++;
            }
        }

        if (count == 0 && errors.Count == 0)
        {
            errors.Add(("The input file has no requests.", null));
        }

        return (count, errors);
    }

    /// <summary>Reads the requests of a file that passed <see cref="Check"/>, in order, one at a time.</summary>
    public static IEnumerable<BatchLine> Requests(StoredFile file)
    {
        using var lines = new LineReader(file.OpenRead());
        while (lines.TryRead(out ReadOnlyMemory<byte> line))
        {
            if (Request(line.Span) is { } request)
            {
                yield return request;
            }
        }
    }

    // The line without its \r, or empty when it holds only spaces and tabs: a blank line is skipped.
    private static ReadOnlySpan<byte> Content(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        return line.Trim(" \t"u8).IsEmpty ? default : line;
    }

    private static string? Problem(ReadOnlySpan<byte> text, string endpoint, HashSet<string> ids)
    {
        try
        {
            var reader = new Utf8JsonReader(text);
            using var document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            string? customId = String(root, "custom_id");
            string? url = String(root, "url");
            if (string.IsNullOrEmpty(customId) || String(root, "method") != "POST" || !root.TryGetProperty("body", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
            {
                return "Each line needs a custom_id, \"method\": \"POST\", a url and a body object.";
            }

            if (url != endpoint)
            {
                return $"The url '{url}' does not match the batch's endpoint '{endpoint}'.";
            }

            return ids.Add(customId) ? null : $"The custom_id '{customId}' is used more than once.";
        }
        catch (JsonException)
        {
            return "The line is not valid JSON.";
        }
    }

    private static BatchLine? Request(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> text = Content(line);
        if (text.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(text);
        using var document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        return new BatchLine(String(root, "custom_id")!, String(root, "url")!, JsonMarshal.GetRawUtf8Value(root.GetProperty("body")).ToArray());
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
