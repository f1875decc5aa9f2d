using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace OpenAIImages.Cli.Commands;

/// <summary>
/// A batch's <c>manifest.jsonl</c> in the --out folder: a journal with one JSON line per finished prompt (index, prompt,
/// status ok|failed, files, request id, error, and cost and currency when the cost is known), appended as each prompt finishes; a later line for a prompt replaces an
/// earlier one (a prompt that failed, then succeeded on --resume).
/// </summary>
/// <remarks>
/// Appending writes each line once, so 10,000 prompts write 10,000 lines, not the whole manifest again after each. Nor
/// does memory grow with the lines: what is held per prompt is where its last line starts and whether it is ok (9
/// bytes), and <see cref="Entries"/> reads the lines back from the journal, one at a time, in prompt order.
/// A crash can leave only the last line torn: --resume reads the journal in one pass, ignores a torn last line (its
/// prompt is sent again) and cuts it off before appending. There is no temporary file to leave behind. The manifest is
/// never written through a link: a new batch removes a link planted at its name and creates the file afresh (failing if
/// anything appears there meanwhile), and --resume refuses a manifest that is a link. Written with
/// <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>: no reflection.
/// </remarks>
internal sealed class BatchManifest : IDisposable
{
    public const string FileName = "manifest.jsonl";

    private readonly FileStream _journal;
    private readonly string _path;

    // Per prompt (index - 1): where its last line starts in the journal, plus one (0: no line yet), and whether it is ok.
    private readonly long[] _lineStart;
    private readonly bool[] _ok;

    // The lines before this offset were written by an earlier run.
    private long _earlier;
    private readonly ArrayBufferWriterStream _line = new();
    private readonly Lock _gate = new();
    private int _done;

    private BatchManifest(FileStream journal, string path, int prompts)
    {
        _journal = journal;
        _path = path;
        _lineStart = new long[prompts];
        _ok = new bool[prompts];
        _earlier = journal.Length;
    }

    /// <summary>Gets how many prompts have an ok line.</summary>
    public int DoneCount => Volatile.Read(ref _done);

    /// <summary>Gets the entries, in prompt order, each read back from the journal as it is enumerated; prompts without a line are left out.</summary>
    public IEnumerable<ManifestEntry> Entries
    {
        get
        {
            byte[] buffer = new byte[4096];
            for (int i = 0; i < _lineStart.Length; i++)
            {
                long start;
                lock (_gate)
                {
                    start = _lineStart[i] - 1;
                }

                if (start >= 0)
                {
                    yield return ReadLine(start, ref buffer) with { Earlier = start < _earlier };
                }
            }
        }
    }

    /// <summary>Starts an empty manifest for <paramref name="prompts"/> prompts in <paramref name="folder"/>, replacing one an earlier batch left there (or a link planted at its name).</summary>
    public static BatchManifest Start(string folder, int prompts)
    {
        string path = Path.Combine(folder, FileName);
        File.Delete(path);
        return new BatchManifest(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read), path, prompts);
    }

    /// <summary>Reads the journal in <paramref name="folder"/> in one pass and keeps the lines that match <paramref name="prompts"/> by index and text.</summary>
    /// <param name="folder">The --out folder.</param>
    /// <param name="prompts">The prompts of the batch file, in order.</param>
    /// <param name="notices">Where to say that there is no manifest yet, that a torn last line was dropped, or that some lines no longer match the file.</param>
    /// <exception cref="UsageException">A line before the last is not a manifest line, or the manifest is a link.</exception>
    public static BatchManifest Resume(string folder, IReadOnlyList<string> prompts, TextWriter notices)
    {
        string path = Path.Combine(folder, FileName);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            throw new UsageException($"--resume: {path} is a link, not the manifest this tool writes; remove it (a new batch without --resume replaces it)");
        }

        if (!info.Exists)
        {
            notices.WriteLine($"--resume: no {FileName} in {folder} yet; sending every prompt.");
            return new BatchManifest(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read), path, prompts.Count);
        }

        var journal = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var manifest = new BatchManifest(journal, path, prompts.Count);
            long whole = Read(journal, path, prompts, manifest, notices);
            journal.SetLength(whole);
            journal.Seek(0, SeekOrigin.End);
            manifest._earlier = whole;
            return manifest;
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    /// <summary>Gets whether the prompt at <paramref name="index"/> (from 1) has an ok line.</summary>
    public bool IsDone(int index)
    {
        lock (_gate)
        {
            return _ok[index - 1];
        }
    }

    /// <summary>Records a finished prompt: its line is appended to the journal and flushed to disk.</summary>
    public void Record(ManifestEntry entry)
    {
        lock (_gate)
        {
            long start = _journal.Position;
            _line.Clear();
            Write(_line, entry);
            _journal.Write(_line.Written);
            _journal.Flush(flushToDisk: true);
            Place(entry.Index, start, entry.Ok);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _journal.Dispose();
        }
    }

    // A later line for a prompt replaces an earlier one.
    private void Place(int index, long start, bool ok)
    {
        _done += (ok ? 1 : 0) - (_ok[index - 1] ? 1 : 0);
        _lineStart[index - 1] = start + 1;
        _ok[index - 1] = ok;
    }

    // The line at start, read back (a whole line: the journal is flushed after each); the buffer grows for a long line.
    private ManifestEntry ReadLine(long start, ref byte[] buffer)
    {
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = RandomAccess.Read(_journal.SafeFileHandle, buffer.AsSpan(length), start + length);
            if (read == 0)
            {
                break;
            }

            int newline = buffer.AsSpan(length, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                length += newline;
                break;
            }

            length += read;
        }

        return Parse(Encoding.UTF8.GetString(buffer, 0, length), _path, lineNumber: 0)
            ?? throw new InvalidDataException($"{_path} changed while the batch ran: no manifest line at byte {start.ToString(CultureInfo.InvariantCulture)}");
    }

    // One pass over the journal; gives the length of its whole lines, which a torn last line is cut back to.
    private static long Read(FileStream journal, string path, IReadOnlyList<string> prompts, BatchManifest manifest, TextWriter notices)
    {
        int stale = 0;
        int number = 0;
        long whole = 0;
        long offset = 0;
        byte[] block = new byte[64 * 1024];
        using var line = new MemoryStream();
        int read;
        while ((read = journal.Read(block)) > 0)
        {
            ReadOnlySpan<byte> rest = block.AsSpan(0, read);
            int newline;
            while ((newline = rest.IndexOf((byte)'\n')) >= 0)
            {
                line.Write(rest[..newline]);
                offset += newline + 1;
                rest = rest[(newline + 1)..];
                number++;
                long start = whole;
                whole = offset;

                // Each line is written with its line break in one write: a line that has one is whole.
                Keep(Parse(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length), path, number), start);
                line.SetLength(0);
            }

            line.Write(rest);
            offset += rest.Length;
        }

        // What follows the last line break was being written when the run before stopped.
        if (line.Length > 0)
        {
            notices.WriteLine($"--resume: the last line of {FileName} was cut short (the run before stopped while writing it); its prompt is sent again.");
        }

        if (stale > 0)
        {
            notices.WriteLine($"--resume: {stale.ToString(CultureInfo.InvariantCulture)} line(s) of {FileName} no longer match the prompts of the file; those prompts are sent again.");
        }

        return whole;

        void Keep(ManifestEntry? entry, long start)
        {
            if (entry is null)
            {
                return;
            }

            if (entry.Index <= prompts.Count && prompts[entry.Index - 1] == entry.Prompt)
            {
                manifest.Place(entry.Index, start, entry.Ok);
            }
            else
            {
                stale++;
            }
        }
    }

    private static void Write(Stream buffer, ManifestEntry entry)
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
            if (entry.Cost is { } cost)
            {
                json.WriteNumber("cost", cost);
                json.WriteString("currency", entry.Currency);
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
    }

    private static ManifestEntry? Parse(string line, string path, int lineNumber)
    {
        if (line.Trim().Length == 0)
        {
            return null;
        }

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
            return new ManifestEntry(index, prompt, status == "ok", files, Optional(root, "request_id"), Optional(root, "error"))
            {
                Cost = root.TryGetProperty("cost", out JsonElement cost) && cost.ValueKind == JsonValueKind.Number ? cost.GetDecimal() : null,
                Currency = Optional(root, "currency"),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"--resume: line {lineNumber.ToString(CultureInfo.InvariantCulture)} of {path} is not a manifest line ({ErrorText.OneLine(ex.Message)}); fix or delete the file", ex);
        }
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A reusable buffer for one line.</summary>
    private sealed class ArrayBufferWriterStream : MemoryStream
    {
        public ReadOnlySpan<byte> Written => GetBuffer().AsSpan(0, (int)Length);

        public void Clear() => SetLength(0);
    }
}
