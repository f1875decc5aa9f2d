using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// Cold start under native AOT: publishes OpenAIImages.ColdStart.Aot (the <see cref="ColdStartChild"/> code compiled
/// native) once, says how many IL2xxx/IL3xxx trimming and AOT warnings each client's code produced, then times the
/// native binary per client exactly as <see cref="ColdStart"/> times the JIT child.
/// </summary>
public static class ColdStartAot
{
    private const string ProjectName = "OpenAIImages.ColdStart.Aot";

    /// <summary>Publishes, prints the warnings, runs <paramref name="launches"/> launches of each client and prints the table.</summary>
    public static async Task<int> RunAsync(int launches)
    {
        if (MissingPrerequisite() is { } missing)
        {
            Console.WriteLine("native AOT cold start: cannot publish: " + missing);
            return 1;
        }

        AotPublish publish = await PublishAsync().ConfigureAwait(false);
        try
        {
            Console.WriteLine(publish.Summary);
            if (publish.Executable is not { } executable)
            {
                return 1;
            }

            return await ColdStart.MeasureAsync("native AOT cold start", launches, client => (executable, [client]), officialMayFail: true).ConfigureAwait(false);
        }
        finally
        {
            Payloads.DeleteDirectory(publish.Directory);
        }
    }

    /// <summary>Why native AOT cannot publish on this machine (no native toolchain), or null when it can.</summary>
    public static string? MissingPrerequisite()
    {
        if (OperatingSystem.IsLinux())
        {
            return OnPath("clang") || OnPath("gcc") ? null : "neither clang nor gcc is on PATH (native AOT links with one of them)";
        }

        if (OperatingSystem.IsMacOS())
        {
            return OnPath("clang") ? null : "clang is not on PATH (install the Xcode command line tools)";
        }

        if (OperatingSystem.IsWindows())
        {
            string vswhere = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFilesX86), "Microsoft Visual Studio", "Installer", "vswhere.exe");
            return File.Exists(vswhere) ? null : "Visual Studio (its C++ tools link native AOT) is not installed";
        }

        return "native AOT is not supported on " + RuntimeInformation.OSDescription;
    }

    /// <summary>
    /// Publishes the AOT child into a new temporary folder, with its previous outputs removed first so that the AOT
    /// compiler runs again and reports every warning, not only new ones.
    /// </summary>
    public static async Task<AotPublish> PublishAsync()
    {
        string directory = Payloads.CreateTempDirectory("aot");
        string? benchmarks = Program.ProjectDirectory();
        string? project = benchmarks is null ? null : Path.GetFullPath(Path.Combine(benchmarks, "..", ProjectName));
        if (project is null || !File.Exists(Path.Combine(project, ProjectName + ".csproj")))
        {
            return new AotPublish(directory, null, $"native AOT publish: {ProjectName}.csproj was not found beside this project");
        }

        string rid = RuntimeIdentifier();
        foreach (string outputs in new[] { Path.Combine(project, "obj", "Release", "net10.0", rid), Path.Combine(project, "bin", "Release", "net10.0", rid) })
        {
            if (Directory.Exists(outputs))
            {
                Directory.Delete(outputs, recursive: true);
            }
        }

        var start = new ProcessStartInfo(Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "publish", Path.Combine(project, ProjectName + ".csproj"), "-c", "Release", "-r", rid, "-o", Path.Combine(directory, "publish"), "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false) + await error.ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;

        string executable = Path.Combine(directory, "publish", ProjectName + (OperatingSystem.IsWindows() ? ".exe" : string.Empty));
        if (process.ExitCode != 0 || !File.Exists(executable))
        {
            string first = output.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))?.Trim() ?? output.Trim();
            return new AotPublish(directory, null, $"native AOT publish for {rid} failed (exit code {process.ExitCode}): {first}");
        }

        AotWarnings warnings = AotWarnings.Count(output);
        return new AotPublish(directory, executable, string.Create(CultureInfo.InvariantCulture, $"native AOT publish for {rid} in {seconds:0} s: {warnings}"), warnings);
    }

    // The portable RID the SDK knows (a source-built runtime may name its distro, e.g. fedora.40-x64, which has no AOT packages).
    private static string RuntimeIdentifier()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        string portable = os + "-" + arch;
        return RuntimeInformation.RuntimeIdentifier is { } rid && rid.StartsWith(os + "-", StringComparison.Ordinal) ? rid : portable;
    }

    // The dotnet that runs this program when it is `dotnet x.dll`, else the one on PATH.
    private static string Dotnet() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
