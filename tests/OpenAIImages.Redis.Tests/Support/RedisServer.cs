using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;

namespace OpenAIImages.Redis.Tests.Support;

/// <summary>
/// A redis-server of the tests' own on 127.0.0.1 at a free port, nothing saved to disk, stopped after the last test.
/// Installs Debian's package with .ci/install-redis.sh when redis-server is not on PATH.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>Opens a connection of its own, as a separate process would.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},abortConnect=true");

    public async Task InitializeAsync()
    {
        string server = Find("redis-server") ?? await InstallAsync();
        Port = FreePort();
        var start = new ProcessStartInfo(server)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");

        // The server says when it accepts connections; that line is the signal to go on.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("redis-server exited before it was ready."));
            }
            else if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Find(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<string> InstallAsync()
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "ImagesClient.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        string script = Path.Combine(root ?? throw new InvalidOperationException("The repository root (ImagesClient.sln) was not found above the test binaries."), ".ci", "install-redis.sh");
        using Process install = Process.Start(new ProcessStartInfo("bash", [script]) { UseShellExecute = false })!;
        await install.WaitForExitAsync();
        return install.ExitCode == 0 && (Find("redis-server") is { } installed)
            ? installed
            : throw new InvalidOperationException($"redis-server is not on PATH and {script} failed (exit code {install.ExitCode}).");
    }
}

/// <summary>Tests share one server and, since they move a fake clock, run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
