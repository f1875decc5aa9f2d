using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace OpenAIImages.ContractTests;

/// <summary>The tests that talk to the one Prism process started for them.</summary>
[CollectionDefinition(Name)]
public sealed class PrismCollection : ICollectionFixture<PrismFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Prism";
}

/// <summary>
/// Starts <c>prism mock spec/images.prism.yaml -h 127.0.0.1 -p PORT</c> on a free loopback port once for the
/// collection and kills its process tree at the end. A missing Prism fails every test: run install-prism.sh.
/// </summary>
public sealed class PrismFixture : IAsyncLifetime
{
    /// <summary>The Prism version install-prism.sh installs.</summary>
    public const string PrismVersion = "5.14.2";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Gets the address Prism serves the spec's paths at (no <c>/v1</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets how long Prism took to start listening.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Gets the spec Prism serves.</summary>
    public static string SpecPath => Path.Combine(AppContext.BaseDirectory, "spec", "images.prism.yaml");

    /// <summary>Gets this project's source folder, where install-prism.sh puts Prism.</summary>
    public static string ProjectDirectory =>
        typeof(PrismFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ContractTests.ProjectDirectory").Value!;

    /// <summary>Gets the Prism executable: <c>PRISM_BIN</c> when set, else the one install-prism.sh installs.</summary>
    public static string PrismBinary =>
        Environment.GetEnvironmentVariable("PRISM_BIN") is { Length: > 0 } bin
            ? bin
            : Path.Combine(ProjectDirectory, ".prism", "node_modules", ".bin", RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "prism.cmd" : "prism");

    /// <summary>Gets everything Prism printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        string prism = PrismBinary;
        string? installLog = null;
        if (!File.Exists(prism) && Environment.GetEnvironmentVariable("PRISM_BIN") is not { Length: > 0 } && !RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // So that `dotnet test ImagesClient.sln` alone runs every test on a fresh machine: install Prism first.
            installLog = await NodePackages.InstallAsync().ConfigureAwait(false);
        }

        if (!File.Exists(prism))
        {
            throw new XunitException(
                (installLog is null ? string.Empty : "install-prism.sh did not install it:\n" + installLog + "\n") +
                $"Stoplight Prism {PrismVersion} is not installed: {prism} does not exist. " +
                "Run `bash tests/OpenAIImages.ContractTests/install-prism.sh` (it installs Node.js and npm when missing, then Prism into tests/OpenAIImages.ContractTests/.prism/). " +
                "The contract tests need it and fail rather than skip without it.");
        }

        if (!File.Exists(SpecPath))
        {
            throw new XunitException($"The spec for Prism is missing from the test output: {SpecPath}.");
        }

        // A port found free may be taken before Prism binds it; try a fresh one a few times.
        for (int attempt = 1; ; attempt++)
        {
            int port = FreeLoopbackPort();
            var stopwatch = Stopwatch.StartNew();
            string? failure = await StartAsync(prism, port).ConfigureAwait(false);
            if (failure is null)
            {
                StartupTime = stopwatch.Elapsed;
                BaseAddress = new Uri($"http://127.0.0.1:{port}/");
                return;
            }

            bool portTaken = Output.Contains("EADDRINUSE", StringComparison.Ordinal);
            await DisposeAsync().ConfigureAwait(false);
            if (!portTaken || attempt == 3)
            {
                throw new XunitException($"Stoplight Prism ({prism}) did not start on 127.0.0.1:{port}: {failure}\nPrism's output:\n{Output}");
            }

            lock (_output)
            {
                _output.Clear();
            }
        }
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        Process? process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return Task.CompletedTask;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
        finally
        {
            process.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>Starts Prism and waits until it listens; returns null when it does, else why not.</summary>
    private async Task<string?> StartAsync(string prism, int port)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = new ProcessStartInfo(prism)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (string argument in new[] { "mock", SpecPath, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["FORCE_COLOR"] = "0";

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            if (e.Data.Contains("Prism is listening", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("Prism exited before it listened."));

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            return $"it could not be run ({ex.Message}); is Node.js on PATH? Run install-prism.sh.";
        }

        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return $"it did not say it was listening within {StartTimeout.TotalSeconds:0} s.";
        }
        catch (InvalidOperationException)
        {
            process.WaitForExit(5_000);
            return $"it exited with code {(process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")} before it listened.";
        }

        // It said so; make sure the port really answers.
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return $"it said it was listening but 127.0.0.1:{port} refused a connection ({ex.SocketErrorCode}).";
        }

        return null;
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
