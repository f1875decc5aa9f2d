using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace OpenAIImages.Web.Tests;

/// <summary>
/// Debian's Chromium under Playwright, headless, with a fresh profile for the collection. A missing browser is
/// installed first with <c>.ci/install-browser.sh</c>, so <c>dotnet test ImagesClient.sln</c> sets itself up.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] LaunchArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowserContext? _context;
    private string? _profile;

    /// <summary>Gets the repository's root, where <c>.ci/install-browser.sh</c> is.</summary>
    public static string RepositoryRoot =>
        typeof(BrowserFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WebTests.RepositoryRoot").Value!;

    /// <summary>Gets the browser's one context; each test opens its own page in it.</summary>
    public IBrowserContext Context => _context ?? throw new InvalidOperationException("The browser has not started.");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        string? installLog = null;
        if (!File.Exists(ChromiumPath) && OperatingSystem.IsLinux())
        {
            installLog = await InstallAsync();
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new XunitException(
                (installLog is null ? string.Empty : ".ci/install-browser.sh did not install it:\n" + installLog + "\n") +
                $"Chromium is not installed: {ChromiumPath} does not exist. Run `bash .ci/install-browser.sh` (Debian's chromium package). " +
                "The browser tests need it and fail rather than skip without it.");
        }

        _playwright = await Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("openaiimages-web-tests-").FullName;
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = LaunchArguments,
            ViewportSize = new ViewportSize { Width = 1360, Height = 1000 },
        });
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }

        _playwright?.Dispose();
        if (_profile is not null)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be writing its profile as it exits; the folder is in the temp directory.
            }
        }
    }

    private static async Task<string> InstallAsync()
    {
        var start = new ProcessStartInfo("bash", $"\"{Path.Combine(RepositoryRoot, ".ci", "install-browser.sh")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return "install-browser.sh did not finish within 10 minutes.";
            }

            return await stdout + await stderr;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"bash could not be run: {ex.Message}";
        }
    }
}
