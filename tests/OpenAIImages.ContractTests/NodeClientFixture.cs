using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing;
using Xunit.Sdk;

namespace OpenAIImages.ContractTests;

/// <summary>The tests that read one run of node/clients.mjs (openai-node against the emulator).</summary>
[CollectionDefinition(Name)]
public sealed class NodeClientCollection : ICollectionFixture<NodeClientFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "openai-node";
}

/// <summary>
/// Serves the emulator on Kestrel at 127.0.0.1 and runs node/clients.mjs once against it with the official openai-node
/// SDK (installed by install-prism.sh, which runs first when the pinned version is missing), keeping what the script
/// printed and what the emulator received. A missing Node.js or openai-node fails every test; none skips.
/// </summary>
public sealed class NodeClientFixture : IAsyncLifetime
{
    /// <summary>The openai-node version install-prism.sh installs.</summary>
    public const string OpenAINodeVersion = "7.59.0";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Gets the script's output: one JSON object per endpoint it called.</summary>
    public JsonElement Output { get; private set; }

    /// <summary>Gets the API requests the emulator received from the script, in order.</summary>
    public IReadOnlyList<EmulatedRequest> Requests { get; private set; } = [];

    private static string PackageJson => Path.Combine(NodePackages.Prefix, "node_modules", "openai", "package.json");

    private static string Script => Path.Combine(PrismFixture.ProjectDirectory, "node", "clients.mjs");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        string? installLog = null;
        if (InstalledVersion() != OpenAINodeVersion && !RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            installLog = await NodePackages.InstallAsync().ConfigureAwait(false);
        }

        if (InstalledVersion() is var installed && installed != OpenAINodeVersion)
        {
            throw new XunitException(
                (installLog is null ? string.Empty : "install-prism.sh did not install it:\n" + installLog + "\n") +
                $"openai-node {OpenAINodeVersion} is not installed ({PackageJson}: {installed ?? "missing"}). " +
                "Run `bash tests/OpenAIImages.ContractTests/install-prism.sh`.");
        }

        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = "sk-node-test" });
        await using EmulatorServer server = await emulator.StartServerAsync().ConfigureAwait(false);
        string stdout = await RunScriptAsync(server.BaseAddress).ConfigureAwait(false);
        Requests = emulator.Requests;
        using JsonDocument document = JsonDocument.Parse(stdout);
        Output = document.RootElement.Clone();
    }

    /// <inheritdoc/>
    public Task DisposeAsync() => Task.CompletedTask;

    private static string? InstalledVersion()
    {
        if (!File.Exists(PackageJson))
        {
            return null;
        }

        using JsonDocument package = JsonDocument.Parse(File.ReadAllText(PackageJson));
        return package.RootElement.TryGetProperty("version", out JsonElement version) ? version.GetString() : null;
    }

    private static async Task<string> RunScriptAsync(Uri baseAddress)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PrismFixture.ProjectDirectory,
        };
        info.ArgumentList.Add(Script);
        info.Environment["OPENAI_BASE_URL"] = baseAddress.AbsoluteUri;
        info.Environment["OPENAI_API_KEY"] = "sk-node-test";
        info.Environment["OPENAI_NODE_PREFIX"] = NodePackages.Prefix;

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new XunitException($"node could not be run ({ex.Message}); run install-prism.sh, which installs Node.js when missing.");
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(RunTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new XunitException($"node {Script} did not finish within {RunTimeout.TotalMinutes:0} minutes.\n{await stderr.ConfigureAwait(false)}");
            }

            string output = await stdout.ConfigureAwait(false);
            string errors = await stderr.ConfigureAwait(false);
            return process.ExitCode == 0
                ? output
                : throw new XunitException($"node {Script} exited with {process.ExitCode}:\n{errors}\n{output}");
        }
    }
}
