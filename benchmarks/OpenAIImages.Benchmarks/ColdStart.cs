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

    /// <summary>The row of our client run with the assembly a package gives this platform (<c>--package</c>).</summary>
    public const string OursPackage = "ours-package";

    /// <summary>
    /// Runs <paramref name="launches"/> JIT launches of each client and prints the medians, in ms and as ratios. With
    /// <paramref name="package"/> (a packed OpenAIImages .nupkg of this source), a fourth row runs our client with the
    /// assembly that package gives this platform (its ReadyToRun image), as an app that installs it gets it.
    /// </summary>
    public static async Task<int> RunAsync(int launches, string? package)
    {
        if (package is null)
        {
            return await MeasureAsync("cold start", launches, client => JitChild(client, null), officialMayFail: false).ConfigureAwait(false);
        }

        PackageImage image;
        try
        {
            image = PackageImage.Prepare(package);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.WriteLine($"cold start: cannot use {package}: {ex.Message}");
            return 1;
        }

        try
        {
            Console.WriteLine(image.Summary);
            return await MeasureAsync("cold start", launches, client => JitChild(client, image.Directory), officialMayFail: false, [.. Clients, OursPackage]).ConfigureAwait(false);
        }
        finally
        {
            Payloads.DeleteDirectory(image.Directory);
        }
    }

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
    /// <param name="clients">The rows, <see cref="Clients"/> when null.</param>
    public static async Task<int> MeasureAsync(string title, int launches, Func<string, (string Executable, IReadOnlyList<string> Arguments)> child, bool officialMayFail, IReadOnlyList<string>? clients = null)
    {
        clients ??= Clients;
        var times = clients.ToDictionary(c => c, _ => new List<double>());
        var failures = new Dictionary<string, string>();
        for (int i = 0; i < launches; i++)
        {
            foreach (string client in clients.Where(c => !failures.ContainsKey(c)))
            {
                (string executable, IReadOnlyList<string> arguments) = child(client);
                Launch launch = await LaunchAsync(executable, arguments, ChildClient(client)).ConfigureAwait(false);
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
        foreach (string client in clients)
        {
            if (failures.TryGetValue(client, out string? failure))
            {
                Console.WriteLine($"  {client,-12} fails under native AOT: {failure}");
                continue;
            }

            double median = Median(times[client]);
            string toOfficial = official is { } o ? string.Create(CultureInfo.InvariantCulture, $"{median / o:0.00}x official") : "official n/a";
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {client,-12} {median,8:0.0} ms  ({median / raw:0.00}x raw, {toOfficial}; range {times[client].Min():0.0}-{times[client].Max():0.0} ms)"));
        }

        return 0;
    }

    /// <summary>One JIT launch of one client (this program as its own child).</summary>
    public static Task<Launch> LaunchAsync(string client)
    {
        (string executable, IReadOnlyList<string> arguments) = JitChild(client, null);
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

    // The client a row's child runs: the package's row runs ours.
    private static string ChildClient(string row) => row == OursPackage ? "ours" : row;

    // Run as this process was: `dotnet x.dll` (the host needs the entry assembly named) or the apphost (it does not); the
    // package's row runs the copy of this program in packageCopy.
    private static (string Executable, IReadOnlyList<string> Arguments) JitChild(string row, string? packageCopy)
    {
        string client = ChildClient(row);
        string? folder = row == OursPackage ? packageCopy : null;
        string entry = typeof(ColdStart).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            return (Environment.ProcessPath!, [folder is null ? entry : Path.Combine(folder, Path.GetFileName(entry)), "--cold-start-child", client]);
        }

        return (folder is null ? Environment.ProcessPath! : Path.Combine(folder, Path.GetFileName(Environment.ProcessPath!)), ["--cold-start-child", client]);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
