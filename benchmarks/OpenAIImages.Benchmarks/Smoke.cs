using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>Runs every benchmark method directly, checks what it returns, and prints one line per case. Never asserts timings.</summary>
public static class Smoke
{
    private static int _failures;

    public static async Task<int> RunAsync()
    {
        var total = Stopwatch.StartNew();
        Console.WriteLine("OpenAIImages.Benchmarks smoke run: each method called twice (second call's allocations shown; informational only).");

        var b64 = new GenerateB64Benchmarks();
        b64.Setup();
        try
        {
            await CaseAsync("Generate_b64", "Raw", b64.Raw, b64.ExpectedBytes).ConfigureAwait(false);
            await CaseAsync("Generate_b64", "Ours", b64.Ours, b64.ExpectedBytes).ConfigureAwait(false);
            await CaseAsync("Generate_b64", "Official", b64.Official, b64.ExpectedBytes).ConfigureAwait(false);
            await CheckAsync("Generate_b64", "Ours content", async () =>
            {
                ImageResult result = await b64.OursResultAsync().ConfigureAwait(false);
                bool same = result.Images.Count == Payloads.ImageCount
                    && result.Images.Select((image, i) => image.Bytes.Span.SequenceEqual(b64.Images[i])).All(ok => ok);
                return (same, $"{result.Images.Count} images byte-identical to the canned ones, format {result.Images[0].OutputFormat?.Value}");
            }).ConfigureAwait(false);
        }
        finally
        {
            b64.Cleanup();
        }

        var stream = new StreamBenchmarks();
        stream.Setup();
        try
        {
            await CaseAsync("Stream_3+1", "Raw", stream.Raw, stream.ExpectedBytes).ConfigureAwait(false);
            await CaseAsync("Stream_3+1", "Ours", stream.Ours, stream.ExpectedBytes).ConfigureAwait(false);
            await CaseAsync("Stream_3+1", "Official", stream.Official, stream.ExpectedBytes).ConfigureAwait(false);
            await CheckAsync("Stream_3+1", "Ours content", async () =>
            {
                ImageStreamEvent[] events = await stream.OursEventsAsync().ConfigureAwait(false);
                bool partials = events.Length == Payloads.PartialCount + 1
                    && events.Take(Payloads.PartialCount).Select((e, i) => e is ImagePartialEvent p && p.PartialImageIndex == i && e.Image.Bytes.Span.SequenceEqual(stream.Partials[i])).All(ok => ok);
                bool final = events[^1] is ImageCompletedEvent { Usage.TotalTokens: 4210 } c && c.Image.Bytes.Span.SequenceEqual(stream.Final);
                return (partials && final, $"{events.Length} events, partials and completed image byte-identical, usage read");
            }).ConfigureAwait(false);
        }
        finally
        {
            stream.Cleanup();
        }

        var save = new GenerateAndSaveBenchmarks();
        save.Setup();
        try
        {
            foreach ((string name, Func<Task<long>> run, string prefix) in new (string, Func<Task<long>>, string)[] { ("Raw", save.Raw, "raw-"), ("Ours", save.Ours, "ours-"), ("OursInMemory", save.OursInMemory, "ours-mem-"), ("Official", save.Official, "official-") })
            {
                await CaseAsync("GenerateAndSave", name, run, save.ExpectedBytes).ConfigureAwait(false);
                await CheckAsync("GenerateAndSave", name + " files", () =>
                {
                    bool same = Enumerable.Range(0, Payloads.ImageCount).All(i => File.ReadAllBytes(Path.Combine(save.Directory, prefix + i + ".png")).AsSpan().SequenceEqual(save.Images[i]));
                    bool noTemp = Directory.GetFiles(save.Directory, "*.tmp").Length == 0 && Directory.GetFiles(save.Directory, ".*").Length == 0;
                    return Task.FromResult((same && noTemp, $"{Payloads.ImageCount} files byte-identical, no temporary files left"));
                }).ConfigureAwait(false);
            }
        }
        finally
        {
            save.Cleanup();
        }

        var edit = new EditFileBenchmarks();
        edit.Setup();
        try
        {
            long fileBytes = edit.FileBytes;
            foreach ((string name, Func<Task<long>> run) in new (string, Func<Task<long>>)[] { ("Raw", edit.Raw), ("Ours", edit.Ours), ("Official", edit.Official) })
            {
                await CaseAsync("Edit_4MB_file", name, run, edit.ResultImageBytes, () => edit.LastUploadBytes > fileBytes, () => $"upload {edit.LastUploadBytes:N0} B").ConfigureAwait(false);
            }

            long callsBefore = edit.RetryHandlerCalls;
            await CaseAsync("Edit_4MB_file", "OursWithRetry", edit.OursWithRetry, edit.ResultImageBytes, () => edit.LastRetryUploadBytes > fileBytes && edit.RetryHandlerCalls - callsBefore == 4, () => $"{edit.RetryHandlerCalls - callsBefore} attempts for 2 calls, upload {edit.LastRetryUploadBytes:N0} B").ConfigureAwait(false);
        }
        finally
        {
            edit.Cleanup();
        }

        var url = new UrlSmallBenchmarks();
        url.Setup();
        try
        {
            foreach ((string name, Func<Task<string>> run) in new (string, Func<Task<string>>)[] { ("Raw", url.Raw), ("Ours", url.Ours), ("OursRetriesOff", url.OursRetriesOff), ("Official", url.Official) })
            {
                await CaseAsync("Url_small", name, async () => (await run().ConfigureAwait(false)).StartsWith("https://oaidalleapiprodscus.blob.core.windows.net/", StringComparison.Ordinal) ? 1L : 0L, 1).ConfigureAwait(false);
            }
        }
        finally
        {
            url.Cleanup();
        }

        Concurrent64Benchmarks? concurrent = null;
        try
        {
            concurrent = new Concurrent64Benchmarks();
            concurrent.Setup();
            await CaseAsync("Concurrent64_Kestrel", "Raw", async () => await concurrent.Raw().ConfigureAwait(false), Concurrent64Benchmarks.Concurrency).ConfigureAwait(false);
            await CaseAsync("Concurrent64_Kestrel", "Ours", async () => await concurrent.Ours().ConfigureAwait(false), Concurrent64Benchmarks.Concurrency).ConfigureAwait(false);
            await CaseAsync("Concurrent64_Kestrel", "Official", async () => await concurrent.Official().ConfigureAwait(false), Concurrent64Benchmarks.Concurrency).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail("Concurrent64_Kestrel", "setup", ex);
        }
        finally
        {
            concurrent?.Cleanup();
        }

        foreach (string client in ColdStart.Clients)
        {
            await CheckAsync("Cold_start", client + " child", async () =>
            {
                Launch launch = await ColdStart.LaunchAsync(client).ConfigureAwait(false);
                return (launch.Ok, launch.Ok ? "a fresh process made its first call and answered" : launch.Output);
            }).ConfigureAwait(false);
        }

        foreach (string @case in new[] { "small", "concurrent", "files" })
        {
            await CheckAsync("Interleaved", @case, async () =>
            {
                int code = await Interleaved.RunAsync(@case, rounds: 1, calls: 2).ConfigureAwait(false);
                return (code == 0, "one round of each client ran");
            }).ConfigureAwait(false);
        }

        await GrowthAsync().ConfigureAwait(false);

        await ColdStartAotAsync().ConfigureAwait(false);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"smoke: {(_failures == 0 ? "all cases OK" : _failures + " case(s) FAILED")} in {total.Elapsed.TotalSeconds:0.0} s"));
        return _failures == 0 ? 0 : 1;
    }

    // The growth benchmark's harness: our client's row of each case at a small size, each in its child process (the full
    // run's rows take minutes, so only one small row each here; Redis is left out: it needs a redis-server), and the
    // report and chart made from those rows.
    private static async Task GrowthAsync()
    {
        var rows = new System.Collections.Generic.List<GrowthRow>();
        foreach (string @case in new[] { "batch", "inflight", "large-gen", "large-edit", "large-lines", "fanout", "journal", "journal-resume" })
        {
            await CheckAsync("Growth", @case, async () =>
            {
                GrowthRow? row = await Growth.SmokeRowAsync(@case).ConfigureAwait(false);
                if (row is not null)
                {
                    rows.Add(row);
                }

                return (row is not null, row is null ? "the child failed (printed above)" : string.Create(CultureInfo.InvariantCulture, $"N={row.N}: {row.Detail}; peak {row.PeakMB:0.0} MB in its own process"));
            }).ConfigureAwait(false);
        }

        await CheckAsync("Growth", "report", () =>
        {
            string markdown = GrowthReport.Markdown(rows);
            System.Xml.Linq.XDocument svg = System.Xml.Linq.XDocument.Parse(GrowthChart.Svg(rows));
            bool ok = markdown.Contains("| ours |", StringComparison.Ordinal) && svg.Root?.Name.LocalName == "svg" && svg.Descendants().Count(e => e.Name.LocalName == "circle") == 2 * rows.Count;
            return Task.FromResult((ok, $"markdown and an SVG of {rows.Count} rows (a point per row in each panel)"));
        }).ConfigureAwait(false);
    }

    // One publish of the native AOT child, then one launch of each client. Ours and the raw baseline must publish without
    // a trimming or AOT warning and answer; the official package's warnings and a failure of its own under native AOT
    // are its result, reported, not a failure of the smoke.
    private static async Task ColdStartAotAsync()
    {
        if (ColdStartAot.MissingPrerequisite() is { } missing)
        {
            Console.WriteLine($"SKIP {"Cold_start_aot",-20} the native AOT cold start was skipped: {missing}");
            return;
        }

        AotPublish? publish = null;
        try
        {
            await CheckAsync("Cold_start_aot", "publish", async () =>
            {
                publish = await ColdStartAot.PublishAsync().ConfigureAwait(false);
                return (publish.Warnings is { Ours: 0, Harness: 0 }, publish.Summary);
            }).ConfigureAwait(false);
            if (publish?.Executable is not { } executable)
            {
                return;
            }

            foreach (string client in ColdStart.Clients)
            {
                await CheckAsync("Cold_start_aot", client + " native", async () =>
                {
                    Launch launch = await ColdStart.LaunchAsync(executable, [client], client).ConfigureAwait(false);
                    return launch switch
                    {
                        { Ok: true } => (true, "a fresh native process made its first call and answered"),
                        { Exception: { } exception } when client == "official" => (true, "fails under native AOT: " + exception),
                        _ => (false, launch.Output),
                    };
                }).ConfigureAwait(false);
            }
        }
        finally
        {
            if (publish is not null)
            {
                Payloads.DeleteDirectory(publish.Directory);
            }
        }
    }

    private static async Task CaseAsync(string @case, string method, Func<Task<long>> run, long expected, Func<bool>? extra = null, Func<string>? detail = null)
    {
        try
        {
            long first = await run().ConfigureAwait(false);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long second = await run().ConfigureAwait(false);
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            bool ok = first == expected && second == expected && (extra?.Invoke() ?? true);
            if (!ok)
            {
                _failures++;
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{(ok ? "OK  " : "FAIL")} {@case,-20} {method,-14} result {second:N0} (expected {expected:N0}){(detail is null ? string.Empty : ", " + detail())}; allocated {allocated:N0} B"));
        }
        catch (Exception ex)
        {
            Fail(@case, method, ex);
        }
    }

    private static async Task CheckAsync(string @case, string what, Func<Task<(bool Ok, string Detail)>> check)
    {
        try
        {
            (bool ok, string detail) = await check().ConfigureAwait(false);
            if (!ok)
            {
                _failures++;
            }

            Console.WriteLine($"{(ok ? "OK  " : "FAIL")} {@case,-20} {what,-14} {detail}");
        }
        catch (Exception ex)
        {
            Fail(@case, what, ex);
        }
    }

    private static void Fail(string @case, string method, Exception ex)
    {
        _failures++;
        Console.WriteLine($"FAIL {@case,-20} {method,-14} {ex.GetType().Name}: {ex.Message}");
    }
}
