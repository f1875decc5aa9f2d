using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Tests;

/// <summary>What one in-process run of the tool printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Lines(Stdout);

    public string[] StderrLines => Lines(Stderr);

    /// <summary>Gets the stderr lines other than the offline notice, the progress lines (a call started or ended, a batch prompt sent) and the cost lines.</summary>
    public string[] ErrorLines => StderrLines.Where(l => l != Connection.OfflineNotice && !IsProgress(l) && !IsCost(l)).ToArray();

    /// <summary>Gets the stderr lines other than the progress and cost lines: notices and errors.</summary>
    public string[] NoticeLines => StderrLines.Where(l => !IsProgress(l) && !IsCost(l)).ToArray();

    /// <summary>Gets the lines that say what a call or a batch is estimated to cost, or cost.</summary>
    public string[] CostLines => StderrLines.Where(IsCost).ToArray();

    /// <summary>Gets the lines that say a call started, moved to its next phase or ended, or that a batch's prompt is being sent.</summary>
    public string[] ProgressLines => StderrLines.Where(IsProgress).ToArray();

    private static bool IsProgress(string line) =>
        line.EndsWith(": started.", StringComparison.Ordinal)
        || System.Text.RegularExpressions.Regex.IsMatch(line, @": ended after \d+ s\.$")
        || System.Text.RegularExpressions.Regex.IsMatch(line, @": (sending|waiting for the service|reading the answer|downloading image \d+|saving) \(\d+ s\)\.$")
        || System.Text.RegularExpressions.Regex.IsMatch(line, @"^\[\d+/\d+\] sending """);

    private static bool IsCost(string line) =>
        line.StartsWith("Estimated cost: ", StringComparison.Ordinal) || line.StartsWith("Cost: ", StringComparison.Ordinal);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

/// <summary>A temporary output folder per test, and a way to run the tool in-process with no API key in its environment.</summary>
public abstract class CliTestBase : IDisposable
{
    protected CliTestBase()
    {
        Root = Path.Combine(Path.GetTempPath(), "openai-images-cli-tests", Guid.NewGuid().ToString("N"));
        OutDir = Path.Combine(Root, "out");
        Directory.CreateDirectory(Root);
    }

    /// <summary>Gets a folder for input files.</summary>
    protected string Root { get; }

    /// <summary>Gets the folder passed as --out (not created in advance: the tool creates it).</summary>
    protected string OutDir { get; }

    /// <summary>An environment with nothing set, so the tool runs offline and never reads the real environment.</summary>
    internal static string? NoEnvironment(string name) => null;

    internal static Task<CliRun> RunAsync(params string[] args) => RunAsync(args, NoEnvironment);

    internal static async Task<CliRun> RunAsync(
        string[] args,
        Func<string, string?> environment,
        bool showProgress = false,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = await CliApp.RunAsync(args, stdout, stderr, environment, cancellationToken, showProgress, clock);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Gets the files in --out with the given extension, by name.</summary>
    protected string[] OutFiles(string extension) =>
        Directory.Exists(OutDir) ? Directory.GetFiles(OutDir, "*" + extension).Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>Reads the metadata JSON saved beside an image.</summary>
    internal static JsonElement ReadMetadata(string imagePath)
    {
        string jsonPath = Path.ChangeExtension(imagePath, ".json");
        Assert.True(File.Exists(jsonPath), $"No metadata beside {imagePath}.");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

/// <summary>A clock fixed at one instant, in UTC, so file names can be asserted exactly.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
