using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// <c>--smoke</c>: every benchmark method once, outputs checked, no timing (for CI).
/// <c>--alloc</c>: a quick allocation probe at several image sizes, outside BenchmarkDotNet.
/// <c>--alloc-types</c>: which types a small call allocates, from the runtime's allocation samples.
/// Otherwise the arguments go to BenchmarkDotNet, e.g. <c>--filter * --job short</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--smoke", StringComparer.OrdinalIgnoreCase))
        {
            return await Smoke.RunAsync().ConfigureAwait(false);
        }

        if (args.Contains("--alloc-types", StringComparer.OrdinalIgnoreCase))
        {
            return await AllocationTypes.RunAsync().ConfigureAwait(false);
        }

        if (args.Contains("--alloc", StringComparer.OrdinalIgnoreCase))
        {
            int at = Array.FindIndex(args, a => string.Equals(a, "--alloc", StringComparison.OrdinalIgnoreCase));
            return await AllocationProbe.RunAsync(at + 1 < args.Length && !args[at + 1].StartsWith('-') ? args[at + 1] : null).ConfigureAwait(false);
        }

        if (!args.Contains("--artifacts", StringComparer.OrdinalIgnoreCase) && ProjectDirectory() is { } project)
        {
            // Keep results beside the suite (benchmarks/OpenAIImages.Benchmarks/BenchmarkDotNet.Artifacts), not in the working directory.
            args = [.. args, "--artifacts", Path.Combine(project, "BenchmarkDotNet.Artifacts")];
        }

        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    private static string? ProjectDirectory()
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
