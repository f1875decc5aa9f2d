using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// <c>--growth [batch|inflight|large|large-gen|large-edit|large-lines|fanout|journal|journal-resume|redis|all] [--quick]</c>:
/// what each client costs as the work grows, a child process per row (<see cref="GrowthChild"/>), so that each row's peak
/// working set is its own. The servers run here, in the parent: the emulator for the Batch API, canned Kestrel apps for
/// the others, a redis-server for the limiter; the journal rows' CLI uses its own built-in emulator, in the child. Prints
/// each row as it ends; a full run then writes <c>benchmarks/results/growth.md</c> and <c>growth.svg</c> (the rows not
/// run this time are kept from the last run, in <c>growth-rows.tsv</c>; <c>--only ours --sizes 50000</c> reruns one).
/// </summary>
public static class Growth
{
    /// <summary>The cases in the order they run and are reported.</summary>
    public static readonly string[] Cases = ["batch", "inflight", "large-gen", "large-edit", "large-lines", "fanout", "journal", "journal-resume", "redis"];

    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(15);

    private static string[]? _only;

    private static int[]? _sizes;

    /// <summary>Runs the cases <paramref name="which"/> names; 1 when a row failed or the name is unknown.</summary>
    /// <param name="which">The case, large for both large ones, journal for the batch and its resume, or all.</param>
    /// <param name="quick">The quick sizes (nothing written to benchmarks/results).</param>
    /// <param name="only">The clients to run (comma-separated), or null for all: to rerun a row that looks off.</param>
    /// <param name="sizes">The sizes to run (comma-separated), or null for the case's own.</param>
    public static async Task<int> RunAsync(string which, bool quick, string? only = null, string? sizes = null)
    {
        _only = only?.Split(',');
        _sizes = sizes?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        string[] cases = which switch
        {
            "" or "all" => Cases,
            "large" => ["large-gen", "large-edit", "large-lines"],
            "journal" => ["journal", "journal-resume"],
            _ when Cases.Contains(which) => [which],
            _ => [],
        };
        if (cases.Length == 0)
        {
            Console.WriteLine("--growth takes batch, inflight, large, large-gen, large-edit, large-lines, fanout, journal, journal-resume, redis or all; not " + which);
            return 1;
        }

        // The children inherit it: the quick sizes for every row.
        Environment.SetEnvironmentVariable(GrowthOptions.QuickVariable, quick ? "1" : null);
        Console.WriteLine($"growth ({(quick ? "quick" : "full")}): a child process per row; peak working set, bytes allocated and time of the measured run after a warm-up.");
        var rows = new List<GrowthRow>();
        int failures = 0;
        // Files go to memory (tmpfs) where there is one: every client writes each image durably (flushed to disk), and on
        // a disk shared with other builds that flush's latency, not the client, would be what the rows measure. The
        // temporary files too (the emulator's batch files, our client's batch input file): TMPDIR, here and in the children.
        string work = Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", "openaiimages-growth-" + Environment.ProcessId) : Payloads.CreateTempDirectory("growth");
        Directory.CreateDirectory(work);
        string? tmpdir = Environment.GetEnvironmentVariable("TMPDIR");
        if (OperatingSystem.IsLinux())
        {
            Environment.SetEnvironmentVariable("TMPDIR", work);
        }

        try
        {
            foreach (string @case in cases)
            {
                failures += await RunCaseAsync(@case, work, rows).ConfigureAwait(false);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", tmpdir);
            Payloads.DeleteDirectory(work);
        }

        if (!quick && Program.ProjectDirectory() is { } project)
        {
            string results = Path.GetFullPath(Path.Combine(project, "..", "results"));
            Directory.CreateDirectory(results);
            List<GrowthRow> all = GrowthReport.Merge(Path.Combine(results, "growth-rows.tsv"), rows);
            File.WriteAllText(Path.Combine(results, "growth.md"), GrowthReport.Markdown(all));
            File.WriteAllText(Path.Combine(results, "growth.svg"), GrowthChart.Svg(all));
            Console.WriteLine("growth: wrote " + Path.Combine(results, "growth.md") + " and growth.svg");
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// For the smoke run: our client's row of <paramref name="case"/> at the quick run's smallest size, in its child, as
    /// the full run measures it; the row, or null when it failed (printed). Redis is left to the full run.
    /// </summary>
    public static async Task<GrowthRow?> SmokeRowAsync(string @case)
    {
        Environment.SetEnvironmentVariable(GrowthOptions.QuickVariable, "1");
        int[] sizes = @case switch
        {
            "batch" => GrowthOptions.BatchLines,
            "inflight" => GrowthOptions.InFlightCalls,
            "large-gen" => GrowthOptions.LargeImages,
            "large-lines" => GrowthOptions.LargeLines,
            "fanout" => GrowthOptions.FanOutPrompts,
            "journal" or "journal-resume" => GrowthOptions.JournalPrompts,
            _ => GrowthOptions.EditInputs,
        };
        _only = ["ours"];
        _sizes = [sizes[0]];
        var rows = new List<GrowthRow>();
        string work = Payloads.CreateTempDirectory("growth-smoke-" + @case);
        try
        {
            int failures = await RunCaseAsync(@case, work, rows).ConfigureAwait(false);
            return failures == 0 && rows.Count == 1 ? rows[0] : null;
        }
        finally
        {
            Environment.SetEnvironmentVariable(GrowthOptions.QuickVariable, null);
            _only = null;
            _sizes = null;
            Payloads.DeleteDirectory(work);
        }
    }

    private static async Task<int> RunCaseAsync(string @case, string work, List<GrowthRow> rows)
    {
        switch (@case)
        {
            case "batch":
            {
                // The emulator completes a batch on its first poll; its files live on disk (see BatchFileStore).
                var emulator = new ImagesEmulator(new ImagesEmulatorOptions { BatchPollsToComplete = 1 });
                await using EmulatorServer server = await emulator.StartServerAsync().ConfigureAwait(false);
                return await RowsAsync(@case, GrowthOptions.BatchLines, GrowthBatch.Variants, server.BaseAddress, work, rows).ConfigureAwait(false);
            }

            case "inflight":
            {
                await using LoopbackServer server = await GrowthInFlight.StartServerAsync(GrowthOptions.Hold).ConfigureAwait(false);
                return await RowsAsync(@case, GrowthOptions.InFlightCalls, GrowthInFlight.Variants, server.BaseAddress, work, rows).ConfigureAwait(false);
            }

            case "large-gen":
            {
                await using LoopbackServer server = await GrowthLarge.StartGenerationServerAsync(GrowthOptions.LargeImageBytes).ConfigureAwait(false);
                return await RowsAsync(@case, GrowthOptions.LargeImages, GrowthLarge.GenerationVariants, server.BaseAddress, work, rows).ConfigureAwait(false);
            }

            case "large-edit":
            {
                await using LoopbackServer server = await GrowthLarge.StartEditServerAsync().ConfigureAwait(false);
                return await RowsAsync(@case, GrowthOptions.EditInputs, GrowthLarge.EditVariants, server.BaseAddress, work, rows, (n, directory) =>
                {
                    GrowthLarge.WriteEditInputs(n, directory);
                    return Task.CompletedTask;
                }).ConfigureAwait(false);
            }

            case "large-lines":
            {
                await using LoopbackServer server = await GrowthLargeLines.StartServerAsync().ConfigureAwait(false);
                return await RowsAsync(@case, GrowthOptions.LargeLines, GrowthLargeLines.Variants, server.BaseAddress, work, rows).ConfigureAwait(false);
            }

            case "fanout":
            {
                await using LoopbackServer server = await GrowthFanOut.StartServerAsync().ConfigureAwait(false);
                return await RowsAsync(@case, GrowthOptions.FanOutPrompts, GrowthFanOut.Variants, server.BaseAddress, work, rows).ConfigureAwait(false);
            }

            // No server: the CLI, in the child, answers itself with its built-in emulator (the address is not used).
            case "journal":
                return await RowsAsync(@case, GrowthOptions.JournalPrompts, GrowthJournal.Variants, Clients.BaseAddress, work, rows, GrowthJournal.WritePromptsAsync).ConfigureAwait(false);

            // The finished batch each resume row reads is made here, in the parent, off the row's clock and memory.
            case "journal-resume":
                return await RowsAsync(@case, GrowthOptions.JournalPrompts, GrowthJournal.Variants, Clients.BaseAddress, work, rows, GrowthJournal.PrepareResumeAsync).ConfigureAwait(false);

            default:
                return await RedisRowsAsync(work, rows).ConfigureAwait(false);
        }
    }

    // Each size, the variants in turns (a neighbour's load lands on a size, which they share); a fresh folder per size.
    private static async Task<int> RowsAsync(string @case, int[] sizes, string[] variants, Uri address, string work, List<GrowthRow> rows, Func<int, string, Task>? prepare = null)
    {
        int failures = 0;
        foreach (int n in _sizes ?? sizes)
        {
            string directory = Path.Combine(work, @case + "-" + n.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(directory);
            if (prepare is not null)
            {
                await prepare(n, directory).ConfigureAwait(false);
            }

            foreach (string variant in variants.Where(v => _only is null || _only.Contains(v)))
            {
                // The variant's own output folder, inside the size's (where the edit's inputs are).
                string output = Path.Combine(directory, variant);
                Directory.CreateDirectory(output);
                GrowthRow? row = await LaunchAsync(@case, variant, n, address.AbsoluteUri, output).ConfigureAwait(false);
                Payloads.DeleteDirectory(output);
                if (row is null)
                {
                    failures++;
                    continue;
                }

                rows.Add(row);
                Console.WriteLine(row.Line());
            }

            Payloads.DeleteDirectory(directory);
        }

        return failures;
    }

    private static async Task<int> RedisRowsAsync(string work, List<GrowthRow> rows)
    {
        string? server = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);
        if (server is null)
        {
            Console.WriteLine("SKIP redis: redis-server is not on PATH (bash .ci/install-redis.sh installs it); no Redis rows this run.");
            return 0;
        }

        int port = FreePort();
        var start = new ProcessStartInfo(server) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process redis = Process.Start(start)!;
        try
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            redis.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            };
            redis.BeginOutputReadLine();
            redis.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

            int failures = 0;
            string address = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/";
            foreach (int processes in new[] { 1, 4 })
            {
                // Every child of the row starts taking at the same moment, after all have started.
                long at = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeMilliseconds();
                GrowthRow?[] children = await Task.WhenAll(Enumerable.Range(0, processes).Select(_ =>
                    LaunchAsync("redis", "take", processes, address + at.ToString(CultureInfo.InvariantCulture), work))).ConfigureAwait(false);
                if (children.Any(c => c is null))
                {
                    failures++;
                    continue;
                }

                double total = children.Sum(c => c!.Figure);
                var row = new GrowthRow(
                    "redis",
                    "take",
                    processes,
                    children.Max(c => c!.PeakBytes),
                    children.Sum(c => c!.AllocatedBytes),
                    children.Max(c => c!.Milliseconds),
                    string.Create(CultureInfo.InvariantCulture, $"{total:0} permits/s from {processes} process(es) ({string.Join(" + ", children.Select(c => c!.Figure.ToString("0", CultureInfo.InvariantCulture)))})"));
                rows.Add(row);
                Console.WriteLine(row.Line());
            }

            foreach (string variant in new[] { "inproc-call", "redis-call" })
            {
                GrowthRow? row = await LaunchAsync("redis", variant, GrowthOptions.RedisCalls, address, work).ConfigureAwait(false);
                if (row is null)
                {
                    failures++;
                    continue;
                }

                rows.Add(row);
                Console.WriteLine(row.Line());
            }

            return failures;
        }
        finally
        {
            redis.Kill();
            await redis.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs one row's child and reads its result line; null (after printing why) when it failed.</summary>
    private static async Task<GrowthRow?> LaunchAsync(string @case, string variant, int n, string address, string directory)
    {
        string entry = typeof(Growth).Assembly.Location;
        bool viaHost = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (viaHost ? new[] { entry } : []).Concat(["--growth-child", @case, variant, n.ToString(CultureInfo.InvariantCulture), address, directory]))
        {
            start.ArgumentList.Add(argument);
        }

        using Process child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        Task<string> errors = child.StandardError.ReadToEndAsync();
        try
        {
            await child.WaitForExitAsync().WaitAsync(ChildTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            child.Kill(entireProcessTree: true);
            Console.WriteLine($"FAIL {@case} {variant} {n}: no answer within {ChildTimeout.TotalMinutes} min");
            return null;
        }

        string text = await output.ConfigureAwait(false);
        string? line = text.Split('\n').FirstOrDefault(l => l.StartsWith(GrowthChild.Result + " ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            Console.WriteLine($"FAIL {@case} {variant} {n}: {text.Trim()} {(await errors.ConfigureAwait(false)).Trim()}");
            return null;
        }

        string[] parts = line.Split(' ', 5);
        return new GrowthRow(
            @case,
            variant,
            n,
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture),
            parts[4].Trim());
    }
}
