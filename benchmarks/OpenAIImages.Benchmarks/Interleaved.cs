using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// <c>--interleaved small|concurrent|files [rounds]</c>: the short cases' clients in turns, in one process. Each round runs a
/// block of calls of every client, one client after the other, and takes each client's time to the raw baseline's of the
/// same round; the table gives the median and the quartiles of those ratios over the rounds. BenchmarkDotNet measures
/// one method after the other, so on a shared machine a neighbour's load lands on whichever runs then; here it lands on
/// a round, which every client shares. The same benchmark methods as BenchmarkDotNet's, and like them never asserted.
/// </summary>
public static class Interleaved
{
    /// <summary>Runs <paramref name="rounds"/> rounds of the case and prints the table; 1 when the case is unknown.</summary>
    /// <param name="case">small (the dall-e-3 URL call, in process), concurrent (64 calls over loopback Kestrel) or files (the n=4 generation saved durably).</param>
    /// <param name="rounds">How many rounds; each client runs one block per round.</param>
    /// <param name="calls">Calls of each client per block; null for the case's own (about 50 ms of calls).</param>
    public static async Task<int> RunAsync(string @case, int rounds, int? calls = null)
    {
        switch (@case)
        {
            case "small":
            {
                var small = new UrlSmallBenchmarks();
                small.Setup();
                try
                {
                    return await MeasureAsync(
                        "small URL call (dall-e-3), in process; time per call",
                        rounds,
                        calls ?? 20_000,
                        1,
                        [("raw", small.Raw), ("ours", small.Ours), ("ours, retries off", small.OursRetriesOff), ("official", small.Official)]).ConfigureAwait(false);
                }
                finally
                {
                    small.Cleanup();
                }
            }

            case "concurrent":
            {
                var concurrent = new Concurrent64Benchmarks();
                concurrent.Setup();
                try
                {
                    return await MeasureAsync(
                        "64 concurrent calls over loopback Kestrel; time per 64 (throughput is its inverse)",
                        rounds,
                        calls ?? 40,
                        Concurrent64Benchmarks.Concurrency,
                        [("raw", concurrent.Raw), ("ours", concurrent.Ours), ("official", concurrent.Official)]).ConfigureAwait(false);
                }
                finally
                {
                    concurrent.Cleanup();
                }
            }

            case "files":
            {
                var files = new GenerateAndSaveBenchmarks();
                files.Setup();
                try
                {
                    return await MeasureAsync(
                        "the n=4 generation written to files (temporary file, fsync, rename); time per call",
                        rounds,
                        calls ?? 10,
                        1,
                        [("raw", files.Raw), ("ours", files.Ours), ("ours, then SaveAsync", files.OursInMemory), ("official", files.Official)]).ConfigureAwait(false);
                }
                finally
                {
                    files.Cleanup();
                }
            }

            default:
                Console.WriteLine($"--interleaved: unknown case '{@case}' (small, concurrent or files)");
                return 1;
        }
    }

    private static async Task<int> MeasureAsync<T>(string title, int rounds, int calls, int perCall, (string Name, Func<Task<T>> Call)[] clients)
    {
        // Warm-up: every client's code tiered up (and its connections open) before the first round counts.
        for (int i = 0; i < Math.Max(1, calls / 4); i++)
        {
            foreach ((_, Func<Task<T>> call) in clients)
            {
                await call().ConfigureAwait(false);
            }
        }

        var totals = new double[clients.Length];
        var ratios = clients.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            var times = new double[clients.Length];
            for (int c = 0; c < clients.Length; c++)
            {
                Func<Task<T>> call = clients[c].Call;
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < calls; i++)
                {
                    await call().ConfigureAwait(false);
                }

                times[c] = clock.Elapsed.TotalMicroseconds / calls;
                totals[c] += times[c];
            }

            for (int c = 0; c < clients.Length; c++)
            {
                ratios[c].Add(times[c] / times[0]);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interleaved, {title}: {rounds} rounds of {calls} calls ({calls * perCall} requests) of each client"));
        for (int c = 0; c < clients.Length; c++)
        {
            double[] sorted = [.. ratios[c].Order()];
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {clients[c].Name,-18} {totals[c] / rounds,10:0.000} us  time / raw: median {Quantile(sorted, 0.5):0.000} (quartiles {Quantile(sorted, 0.25):0.000}-{Quantile(sorted, 0.75):0.000})"));
        }

        return 0;
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
}
