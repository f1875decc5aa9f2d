using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace OpenAIImages.Cli.Commands;

/// <summary>
/// A batch's <c>manifest.jsonl</c> in the --out folder: one JSON line per finished prompt (index, prompt, status ok|failed,
/// files, request id, error), in prompt order, rewritten whole after each prompt finishes.
/// </summary>
/// <remarks>
/// Each rewrite goes to a temporary file that is then renamed over the manifest, so a crash or Ctrl+C leaves the previous
/// manifest or the new one, never half of one. Written with <see cref="Utf8JsonWriter"/> and read with
/// <see cref="JsonDocument"/>: no reflection.
/// </remarks>
internal sealed class BatchManifest
{
    public const string FileName = "manifest.jsonl";

    private readonly string _path;
    private readonly SortedDictionary<int, ManifestEntry> _entries;
    private readonly Lock _gate = new();

    private BatchManifest(string folder, SortedDictionary<int, ManifestEntry> entries)
    {
        _path = Path.Combine(folder, FileName);
        _entries = entries;
    }

    /// <summary>Gets the entries, in prompt order.</summary>
    public IReadOnlyList<ManifestEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Values];
            }
        }
    }

    /// <summary>Starts an empty manifest in <paramref name="folder"/>, replacing one an earlier batch left there.</summary>
    public static BatchManifest Start(string folder)
    {
        var manifest = new BatchManifest(folder, []);
        manifest.Write();
        return manifest;
    }

    /// <summary>Reads the manifest in <paramref name="folder"/> and keeps the lines that match <paramref name="prompts"/> by index and text.</summary>
    /// <param name="folder">The --out folder.</param>
    /// <param name="prompts">The prompts of the batch file, in order.</param>
    /// <param name="notices">Where to say that there is no manifest yet, or that some lines no longer match the file.</param>
    /// <exception cref="UsageException">A line is not a manifest line.</exception>
    public static BatchManifest Resume(string folder, IReadOnlyList<string> prompts, TextWriter notices)
    {
        string path = Path.Combine(folder, FileName);
        var entries = new SortedDictionary<int, ManifestEntry>();
        if (!File.Exists(path))
        {
            notices.WriteLine($"--resume: no {FileName} in {folder} yet; sending every prompt.");
        }
        else
        {
            int stale = 0;
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0)
                {
                    continue;
                }

                ManifestEntry entry = Parse(lines[i], path, i + 1);
                if (entry.Index <= prompts.Count && prompts[entry.Index - 1] == entry.Prompt)
                {
                    entries[entry.Index] = entry with { Earlier = true };
                }
                else
                {
                    stale++;
                }
            }

            if (stale > 0)
            {
                notices.WriteLine($"--resume: {stale.ToString(CultureInfo.InvariantCulture)} line(s) of {FileName} no longer match the prompts of the file; those prompts are sent again.");
            }
        }

        var manifest = new BatchManifest(folder, entries);
        manifest.Write();
        return manifest;
    }

    /// <summary>Gets whether the prompt at <paramref name="index"/> (from 1) has an ok line.</summary>
    public bool IsDone(int index)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(index, out ManifestEntry? entry) && entry.Ok;
        }
    }

    /// <summary>Records a finished prompt, replacing its earlier line, and rewrites the manifest.</summary>
    public void Record(ManifestEntry entry)
    {
        lock (_gate)
        {
            _entries[entry.Index] = entry;
            Write();
        }
    }

    private void Write()
    {
        using var buffer = new MemoryStream();
        foreach (ManifestEntry entry in _entries.Values)
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteNumber("index", entry.Index);
                json.WriteString("prompt", entry.Prompt);
                json.WriteString("status", entry.Ok ? "ok" : "failed");
                json.WriteStartArray("files");
                foreach (string file in entry.Files)
                {
                    json.WriteStringValue(file);
                }

                json.WriteEndArray();
                json.WriteString("request_id", entry.RequestId);
                json.WriteString("error", entry.Error);
                json.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
        }

        string temporary = _path + ".tmp";
        File.WriteAllBytes(temporary, buffer.ToArray());
        File.Move(temporary, _path, overwrite: true);
    }

    private static ManifestEntry Parse(string line, string path, int lineNumber)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            int index = root.GetProperty("index").GetInt32();
            string prompt = root.GetProperty("prompt").GetString() ?? throw new FormatException("prompt is null");
            string status = root.GetProperty("status").GetString() ?? string.Empty;
            if (index < 1 || status is not ("ok" or "failed"))
            {
                throw new FormatException("index must be 1 or more and status ok or failed");
            }

            string[] files = root.TryGetProperty("files", out JsonElement list) && list.ValueKind == JsonValueKind.Array
                ? [.. list.EnumerateArray().Select(f => f.GetString() ?? string.Empty)]
                : [];
            return new ManifestEntry(index, prompt, status == "ok", files, Optional(root, "request_id"), Optional(root, "error"));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"--resume: line {lineNumber.ToString(CultureInfo.InvariantCulture)} of {path} is not a manifest line ({ErrorText.OneLine(ex.Message)}); fix or delete the file", ex);
        }
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
