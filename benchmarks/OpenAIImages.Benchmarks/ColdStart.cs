using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// Cold start: process start to first completed call, with the JIT and every type initialiser on the clock. Each launch
/// is a child process of this program (<c>--cold-start-child ours|official|raw</c>, <see cref="ColdStartChild"/>) making
/// one dall-e-3 URL call against an in-process <see cref="CannedHandler"/>; the parent times from
/// <see cref="Process.Start()"/> to the child's answer line and reports the median of the launches. The clients take
/// turns, so drift on a shared machine hits each alike. <see cref="ColdStartAot"/> times the same child compiled native.
/// </summary>
public static class ColdStart
{
    public static readonly string[] Clients = ["raw", "ours", "official"];

    /// <summary>Runs <paramref name="launches"/> JIT launches of each client and prints the medians, in ms and as ratios.</summary>
    public static Task<int> RunAsync(int launches) =>
        MeasureAsync("cold start", launches, JitChild, officialMayFail: false);

    /// <summary>
    /// Runs <paramref name="launches"/> launches of each client, in turns, of the command <paramref name="child"/> gives
    /// for it, and prints the medians, in ms and as ratios to raw and to official.
    /// </summary>
    /// <param name="title">What is measured, the table's first words.</param>
    /// <param name="launches">Launches of each client.</param>
    /// <param name="child">The executable and arguments of one client's child.</param>
    /// <param name="officialMayFail">
    /// When the official client's child reports an exception, print that as its result and go on (native AOT, where a
    /// library that binds by reflection may fail at run time); otherwise any failed child fails the run.
    /// </param>
    public static async Task<int> MeasureAsync(string title, int launches, Func<string, (string Executable, IReadOnlyList<string> Arguments)> child, bool officialMayFail)
    {
        var times = Clients.ToDictionary(c => c, _ => new List<double>());
        var failures = new Dictionary<string, string>();
        for (int i = 0; i < launches; i++)
        {
            foreach (string client in Clients.Where(c => !failures.ContainsKey(c)))
            {
                (string executable, IReadOnlyList<string> arguments) = child(client);
                Launch launch = await LaunchAsync(executable, arguments, client).ConfigureAwait(false);
                if (!launch.Ok)
                {
                    if (officialMayFail && client == "official" && launch.Exception is { } exception)
                    {
                        failures[client] = exception;
                        continue;
                    }

                    Console.WriteLine($"{title}: the {client} child failed: {launch.Output}");
                    return 1;
                }

                times[client].Add(launch.Milliseconds);
            }
        }

        double raw = Median(times["raw"]);
        double? official = failures.ContainsKey("official") ? null : Median(times["official"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}, process start to first completed call, median of {launches} launches each:"));
        foreach (string client in Clients)
        {
            if (failures.TryGetValue(client, out string? failure))
            {
                Console.WriteLine($"  {client,-9} fails under native AOT: {failure}");
                continue;
            }

            double median = Median(times[client]);
            string toOfficial = official is { } o ? string.Create(CultureInfo.InvariantCulture, $"{median / o:0.00}x official") : "official n/a";
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {client,-9} {median,8:0.0} ms  ({median / raw:0.00}x raw, {toOfficial}; range {times[client].Min():0.0}-{times[client].Max():0.0} ms)"));
        }

        return 0;
    }

    /// <summary>One JIT launch of one client (this program as its own child).</summary>
    public static Task<Launch> LaunchAsync(string client)
    {
        (string executable, IReadOnlyList<string> arguments) = JitChild(client);
        return LaunchAsync(executable, arguments, client);
    }

    /// <summary>One launch of one client's child: whether it answered correctly, how long it took, and what it printed.</summary>
    public static async Task<Launch> LaunchAsync(string executable, IReadOnlyList<string> arguments, string client)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        string? line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false);
        double ms = clock.Elapsed.TotalMilliseconds;
        string rest = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false) + await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        bool ok = process.ExitCode == 0 && line == ColdStartChild.Done + " " + client;
        string failedPrefix = ColdStartChild.Failed + " " + client + " ";
        string? exception = !ok && line is not null && line.StartsWith(failedPrefix, StringComparison.Ordinal) ? line[failedPrefix.Length..] : null;
        return new Launch(ok, ms, (line + " " + rest).Trim(), exception);
    }

    // Run as this process was: `dotnet x.dll` (the host needs the entry assembly named) or the apphost (it does not).
    private static (string Executable, IReadOnlyList<string> Arguments) JitChild(string client) =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? (Environment.ProcessPath!, [typeof(ColdStart).Assembly.Location, "--cold-start-child", client])
            : (Environment.ProcessPath!, ["--cold-start-child", client]);

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
