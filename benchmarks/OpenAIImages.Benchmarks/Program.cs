using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// <c>--smoke</c>: every benchmark method once, outputs checked, no timing (for CI).
/// <c>--alloc [case]</c>: a quick allocation probe at several image sizes, outside BenchmarkDotNet.
/// <c>--alloc-types</c>: which types a small call allocates, from the runtime's allocation samples.
/// <c>--cold-start [launches] [--package OpenAIImages.x.nupkg]</c>: process start to first completed call, a child process
/// per launch (default 9 each); with a package, a row more for our client as that package gives it to this platform.
/// <c>--cold-start-aot [launches]</c>: the same under native AOT: publishes OpenAIImages.ColdStart.Aot once, counts its
/// trimming and AOT warnings, then launches the native binary (default 9 each).
/// <c>--interleaved small|concurrent|files [rounds]</c>: the short cases' clients in turns in one process, ratios per round (default 40).
/// <c>--growth [batch|inflight|large|large-lines|fanout|journal|redis|all] [--quick] [--only client,..] [--sizes n,..]</c>: memory and time as the work grows (batch lines, calls in flight,
/// image sizes, batch results lines of 50 MB, Redis limiter throughput, prompts fanned out, the CLI batch's journal), a child process per row; writes benchmarks/results/growth.md and growth.svg.
/// Otherwise the arguments go to BenchmarkDotNet, e.g. <c>--filter * --job short</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // The child of a cold-start launch runs first and alone, so that nothing else of this program is loaded before its call.
        if (args.Length == 2 && args[0] == "--cold-start-child")
        {
            return ColdStartChild.RunAsync(args[1]).GetAwaiter().GetResult();
        }

        // A growth row's child: one client at one size, alone in its process.
        if (args.Length == 6 && args[0] == "--growth-child")
        {
            return GrowthChild.RunAsync(args).GetAwaiter().GetResult();
        }

        return RunAsync(args).GetAwaiter().GetResult();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--smoke", StringComparer.OrdinalIgnoreCase))
        {
            return await Smoke.RunAsync().ConfigureAwait(false);
        }

        if (args.Contains("--alloc-types", StringComparer.OrdinalIgnoreCase))
        {
            return await AllocationTypes.RunAsync().ConfigureAwait(false);
        }

        if (Argument(args, "--alloc") is { } alloc)
        {
            return await AllocationProbe.RunAsync(alloc.Length == 0 ? null : alloc).ConfigureAwait(false);
        }

        if (Argument(args, "--interleaved") is { } interleaved)
        {
            int at = Array.FindIndex(args, a => string.Equals(a, "--interleaved", StringComparison.OrdinalIgnoreCase));
            int rounds = at + 2 < args.Length && int.TryParse(args[at + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) ? r : 40;
            return await Interleaved.RunAsync(interleaved.Length == 0 ? "small" : interleaved, rounds).ConfigureAwait(false);
        }

        if (Argument(args, "--growth") is { } growth)
        {
            return await Growth.RunAsync(growth, args.Contains("--quick", StringComparer.OrdinalIgnoreCase), Argument(args, "--only"), Argument(args, "--sizes")).ConfigureAwait(false);
        }

        if (Argument(args, "--cold-start-aot") is { } aotLaunches)
        {
            return await ColdStartAot.RunAsync(aotLaunches.Length == 0 ? 9 : int.Parse(aotLaunches, CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        if (Argument(args, "--cold-start") is { } launches)
        {
            string? package = Argument(args, "--package") is { Length: > 0 } path ? path : null;
            return await ColdStart.RunAsync(launches.Length == 0 ? 9 : int.Parse(launches, CultureInfo.InvariantCulture), package).ConfigureAwait(false);
        }

        return RunBenchmarkDotNet(args);
    }

    // The option's value ("" when it has none), or null when the option is absent.
    private static string? Argument(string[] args, string name)
    {
        int at = Array.FindIndex(args, a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
        return at < 0 ? null : at + 1 < args.Length && !args[at + 1].StartsWith('-') ? args[at + 1] : string.Empty;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunBenchmarkDotNet(string[] args)
    {
        if (!args.Contains("--artifacts", StringComparer.OrdinalIgnoreCase) && ProjectDirectory() is { } project)
        {
            // Keep results beside the suite (benchmarks/OpenAIImages.Benchmarks/BenchmarkDotNet.Artifacts), not in the working directory.
            args = [.. args, "--artifacts", Path.Combine(project, "BenchmarkDotNet.Artifacts")];
        }

        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>This project's folder, found upwards from the running build's output; null when run from elsewhere.</summary>
    internal static string? ProjectDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenAIImages.Benchmarks.csproj")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
