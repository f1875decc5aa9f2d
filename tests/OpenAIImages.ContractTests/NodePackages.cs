using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.ContractTests;

/// <summary>
/// Runs install-prism.sh (Node.js and npm from Debian when missing, then Prism and openai-node from npm into .prism/),
/// at most once per test run: the Prism and openai-node fixtures start in parallel, and two npm installs into one
/// folder would break each other.
/// </summary>
internal static class NodePackages
{
    private static readonly Lazy<Task<string>> Install = new(RunScriptAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the folder install-prism.sh installs into; its node_modules holds Prism and openai.</summary>
    public static string Prefix => Path.Combine(PrismFixture.ProjectDirectory, ".prism");

    /// <summary>Runs the script once and returns what it printed (the same text to every caller).</summary>
    public static Task<string> InstallAsync() => Install.Value;

    private static async Task<string> RunScriptAsync()
    {
        var start = new ProcessStartInfo("bash", $"\"{Path.Combine(PrismFixture.ProjectDirectory, "install-prism.sh")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return "install-prism.sh did not finish within 10 minutes.";
            }

            return (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"bash could not be run: {ex.Message}";
        }
    }
}
