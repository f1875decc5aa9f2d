using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// One row of the growth benchmark in a process of its own (<c>--growth-child case variant N baseAddress directory</c>),
/// so that its peak working set is this row's: a small warm-up run first (the JIT off the clock), then the measured run,
/// then one line: <c>growth-result</c>, the peak working set, the bytes allocated and the milliseconds of the measured
/// run, and what it did (checked by the case: a wrong count fails the child).
/// </summary>
public static class GrowthChild
{
    /// <summary>The result line's start.</summary>
    public const string Result = "growth-result";

    public static async Task<int> RunAsync(string[] args)
    {
        string @case = args[1];
        string variant = args[2];
        int n = int.Parse(args[3], CultureInfo.InvariantCulture);
        var baseAddress = new Uri(args[4]);
        string directory = args[5];
        try
        {
            Func<int, string, Task<string>> run = @case switch
            {
                "batch" => (size, dir) => GrowthBatch.RunAsync(variant, size, baseAddress, dir),
                "inflight" => (size, _) => GrowthInFlight.RunAsync(variant, size, baseAddress, directory),
                "large-gen" => (size, dir) => GrowthLarge.GenerateAsync(variant, size, baseAddress, dir),
                "large-edit" => (size, dir) => GrowthLarge.EditAsync(variant, size, baseAddress, dir),
                "redis" => (size, _) => GrowthRedis.RunAsync(variant, size, args[4]),
                "fanout" => (size, _) => GrowthFanOut.RunAsync(variant, size, baseAddress),
                "journal" => GrowthJournal.BatchRowAsync,

                // The warm-up resumes the same finished batch (a resume sends nothing and writes nothing).
                "journal-resume" => (size, _) => GrowthJournal.ResumeRowAsync(size, directory),
                _ => throw new ArgumentException("Unknown growth case " + @case),
            };

            // A large case's size 0 is its warm-up: one small image or input. The fan-out's and the journal's are long
            // enough for the JIT's optimised code, so that time per prompt compares like with like across sizes.
            int? warmUp = @case switch { "batch" => 5, "inflight" => 2, "large-gen" or "large-edit" => 0, "fanout" => 1_000, "journal" => 50, "journal-resume" => n, _ => null };
            if (warmUp is { } warmSize)
            {
                string warm = System.IO.Path.Combine(directory, "warm-up");
                System.IO.Directory.CreateDirectory(warm);
                await run(warmSize, warm).ConfigureAwait(false);
                Payloads.DeleteDirectory(warm);
            }

            long before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            string detail = await run(n, directory).ConfigureAwait(false);
            double ms = clock.Elapsed.TotalMilliseconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            using Process self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Result} {self.PeakWorkingSet64} {allocated} {ms:0.0} {detail}"));
            return 0;
        }
        catch (Exception ex)
        {
            Console.WriteLine($"growth-failed {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            Console.Error.WriteLine(ex);
            return 1;
        }
    }
}
