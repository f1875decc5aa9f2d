using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// One row of the growth benchmark in a process of its own (<c>--growth-child case variant N baseAddress directory</c>),
/// so that its peak working set is this row's: a warm-up first (the JIT, both tiers, off the clock), the GC settled (see SettleGarbageCollector), then the measured run,
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
                "large-lines" => (size, dir) => GrowthLargeLines.RunAsync(variant, size, baseAddress, dir),
                "redis" => (size, _) => GrowthRedis.RunAsync(variant, size, args[4]),
                "fanout" => (size, _) => GrowthFanOut.RunAsync(variant, size, baseAddress),
                "journal" => GrowthJournal.BatchRowAsync,

                // The warm-up resumes the same finished batch (a resume sends nothing and writes nothing).
                "journal-resume" => (size, _) => GrowthJournal.ResumeRowAsync(size, directory),
                _ => throw new ArgumentException("Unknown growth case " + @case),
            };

            // The warm-up runs the hot paths until the tiered JIT has compiled them a second time: it counts a method's
            // calls only once no new method has been compiled for a while, recompiles one after 30 calls, in the
            // background; so two rounds, each followed by a pause. Otherwise a small row ends before the second tier and
            // a large one carries it (1,300 methods more for 50,000 batch lines than for 500), and the growth between them
            // is the JIT's (measured: with tiered compilation off, the batch rows grow 1.01x to 1.04x from 500 to 50,000).
            // A large case's size 0 is its warm-up: one small image or input, a few times. A resume row's warm-up resumes
            // the same finished batch (a resume sends nothing and writes nothing).
            (int Size, int Times)? warmUp = @case switch
            {
                "batch" => (GrowthOptions.Quick ? 20 : 1_000, 1),
                "inflight" => (GrowthOptions.Quick ? 4 : 40, 1),
                "large-gen" or "large-edit" or "large-lines" => (0, 40),
                "fanout" => (1_000, 1),
                "journal" => (50, 1),
                "journal-resume" => (n, 1),
                _ => null,
            };
            if (warmUp is var (warmSize, times))
            {
                string warm = System.IO.Path.Combine(directory, "warm-up");
                for (int round = 0; round < 2; round++)
                {
                    for (int i = 0; i < times; i++)
                    {
                        System.IO.Directory.CreateDirectory(warm);
                        await run(warmSize, warm).ConfigureAwait(false);
                        Payloads.DeleteDirectory(warm);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
            }

            SettleGarbageCollector();
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

    // Allocates and drops more than one allocation budget of the GC's youngest generation, so that every row starts from a
    // process whose collector has run and kept that budget's memory, as any process that has worked for a while has.
    // Without it a small row that allocates less than one budget (on a 32 MB L3 cache, about 25 MB) never collects and
    // shows the runtime's floor, and the growth to a large row measures the first collection, not the client.
    private static void SettleGarbageCollector()
    {
        for (int i = 0; i < 64 * 16; i++)
        {
            GC.KeepAlive(new byte[64 * 1024]);
        }
    }
}
