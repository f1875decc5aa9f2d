using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace OpenAIImages.Benchmarks;

/// <summary>The growth benchmark's markdown: one table per case, and the growth of each client from its smallest size to its largest.</summary>
public static class GrowthReport
{
    private static readonly Dictionary<string, (string Title, string Unit, string PerUnit)> Titles = new()
    {
        ["batch"] = ("Batch API: N small generations (dall-e-2 256x256 b64) submitted, polled, every image saved; the emulator in the parent process, over loopback", "lines", "ms per line"),
        ["inflight"] = ("In flight: N gpt-image-1 calls at once to a canned server on 127.0.0.1 that holds each for " + GrowthOptions.Hold.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s, then answers one 16 KB b64 image", "calls", "s in all"),
        ["large-gen"] = ("Large generation: n images of 3840x2160 (" + (GrowthOptions.LargeImageBytes / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " MB each decoded) saved to files, canned server", "images", "ms per image"),
        ["large-lines"] = ("Large results lines: a finished batch whose results file has N lines of " + (GrowthOptions.LargeLineImageBytes * 4 / 3 / 1e6).ToString("0", CultureInfo.InvariantCulture) + " MB of base64 each, every image saved to a file, canned server", "lines", "ms per line"),
        ["large-edit"] = ("Large edit: N input files of " + (GrowthOptions.EditInputBytes / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " MB uploaded (multipart) to a server that drains them, result saved to a file", "inputs", "ms per input"),
        ["fanout"] = ("Fan-out: N gpt-image-1 prompts from a lazy generator, " + GrowthFanOut.Concurrency.ToString(CultureInfo.InvariantCulture) + " at a time (ours: `GenerateManyStreamingAsync`; raw: `Parallel.ForEachAsync` over HttpClient), to a canned server on 127.0.0.1 answering one 1 KB b64 image at once; each outcome's image counted as it arrives and dropped", "prompts", "ms per prompt"),
        ["journal"] = ("CLI journal: `openai-images batch` (direct, --concurrency 16, gpt-image-1 1024x1024 low) on N prompts against its built-in emulator, in-process in the child; each image and metadata saved, each prompt's line appended to manifest.jsonl", "prompts", "ms per prompt"),
        ["journal-resume"] = ("CLI journal resume: `openai-images batch --resume` over the finished folder of N prompts: manifest.jsonl read in one pass, nothing sent again", "prompts", "ms per prompt"),
    };

    // The journal rows' detail says the manifest's bytes per prompt ("..., 123.4 B/prompt").
    private static double? ManifestPerPrompt(GrowthRow row) =>
        System.Text.RegularExpressions.Regex.Match(row.Detail, @"([0-9.]+) B/prompt") is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>This run's rows, and the last run's rows not run this time (read from and written to <paramref name="path"/>).</summary>
    public static List<GrowthRow> Merge(string path, List<GrowthRow> rows)
    {
        List<GrowthRow> kept = File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(line => line.Length > 0).Select(GrowthRow.FromTsv).Where(row => !rows.Any(r => r.Case == row.Case && r.Variant == row.Variant && r.N == row.N))]
            : [];
        List<GrowthRow> all = [.. kept, .. rows];
        all = [.. all.OrderBy(row => Array.IndexOf(Growth.Cases, row.Case))];
        File.WriteAllLines(path, all.Select(row => row.Tsv()));
        return all;
    }

    public static string Markdown(List<GrowthRow> rows)
    {
        var md = new StringBuilder();
        md.AppendLine("# Growth benchmark");
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project benchmarks/OpenAIImages.Benchmarks -- --growth all`, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; a machine shared with other builds, so times move by ±30 %. Each row is a child process: peak working set (`Process.PeakWorkingSet64`, the whole process: runtime, JIT, a warm-up run, one allocation budget of short-lived garbage that settles the GC as in any process that has run a while, and the measured run), bytes allocated (`GC.GetTotalAllocatedBytes`) and time of the measured run. The servers run in the parent process; every file (images, the emulator's batch files, temporary files) goes to tmpfs (/dev/shm), so that a shared disk's flush latency is not what is measured."));
        foreach (IGrouping<string, GrowthRow> group in rows.Where(r => r.Case != "redis").GroupBy(r => r.Case))
        {
            (string title, string unit, string perUnit) = Titles[group.Key];
            md.AppendLine();
            md.AppendLine("## " + title);
            md.AppendLine();
            md.AppendLine($"| {unit} | client | peak working set | allocated | time | {perUnit} | checked |");
            md.AppendLine("|---:|---|---:|---:|---:|---:|---|");
            foreach (GrowthRow row in group.OrderBy(r => r.N))
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {row.N:N0} | {row.Variant} | {row.PeakMB:0.0} MB | {row.AllocatedBytes / 1e6:0.0} MB | {row.Milliseconds / 1000:0.00} s | {row.PerUnit:0.###} | {row.Detail} |"));
            }

            md.AppendLine();
            foreach (IGrouping<string, GrowthRow> variant in group.GroupBy(r => r.Variant))
            {
                GrowthRow small = variant.MinBy(r => r.N)!;
                GrowthRow large = variant.MaxBy(r => r.N)!;
                if (small == large)
                {
                    continue;
                }

                string perCall = group.Key == "inflight"
                    ? string.Create(CultureInfo.InvariantCulture, $"; {(large.PeakBytes - small.PeakBytes) / 1e3 / (large.N - small.N):0.0} KB of peak working set per call in flight")
                    : ManifestPerPrompt(small) is { } smallManifest && ManifestPerPrompt(large) is { } largeManifest
                        ? string.Create(CultureInfo.InvariantCulture, $"; manifest bytes per prompt {smallManifest:0.0} → {largeManifest:0.0} ({largeManifest / smallManifest:0.00}x)")
                        : string.Empty;

                // What the client adds to the runtime's own growth: its peak over the raw baseline's, size by size.
                GrowthRow[] raw = [.. group.Where(r => r.Variant == "raw")];
                string overRaw = variant.Key == "raw" || raw.Length == 0
                    ? string.Empty
                    : "; peak over raw's at each size: " + string.Join(", ", variant.OrderBy(r => r.N).Where(r => raw.Any(b => b.N == r.N))
                        .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.PeakMB / raw.First(b => b.N == r.N).PeakMB:0.00}x")));
                md.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"- {variant.Key}: from {small.N:N0} to {large.N:N0} {unit}, peak working set {small.PeakMB:0.0} → {large.PeakMB:0.0} MB ({large.PeakMB / small.PeakMB:0.00}x); {perUnit} {small.PerUnit:0.###} → {large.PerUnit:0.###} ({large.PerUnit / small.PerUnit:0.00}x){perCall}{overRaw}"));
            }
        }

        List<GrowthRow> redis = [.. rows.Where(r => r.Case == "redis")];
        if (redis.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Redis limiter: permits per second from one Redis (redis-server on 127.0.0.1, `RedisImagesRateLimitStore.TakeAsync`, 16 at once per process, one shared budget), and the time a call's limiter step takes");
            md.AppendLine();
            md.AppendLine("| row | processes or calls | result | peak working set (largest process) |");
            md.AppendLine("|---|---:|---|---:|");
            foreach (GrowthRow row in redis)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Variant} | {row.N:N0} | {row.Detail} | {row.PeakMB:0.0} MB |"));
            }

            if (redis.FirstOrDefault(r => r.Variant == "inproc-call") is { } inProcess && redis.FirstOrDefault(r => r.Variant == "redis-call") is { } shared)
            {
                md.AppendLine();
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- The Redis store adds {shared.Figure - inProcess.Figure:0} µs to a call (a small call over an in-process handler: {inProcess.Figure:0.0} µs with the in-process limiter, {shared.Figure:0.0} µs with Redis on loopback)."));
            }
        }

        return md.ToString();
    }
}
