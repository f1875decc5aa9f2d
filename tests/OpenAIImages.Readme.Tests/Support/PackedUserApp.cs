using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>
/// The README's blocks as a user gets them: every project of src/ packed (from the build the tests run on) into a local
/// folder, and one console app outside the repository, with a nuget.config naming that folder, PackageReferences to the
/// packages, a console app's defaults (implicit usings, nullable) and every snippet file of Snippets/, built with
/// <c>dotnet build</c>. Nothing of the repository's build settings reaches it.
/// </summary>
internal sealed class PackedUserApp : IDisposable
{
    private readonly string _version = "0.0.0-readme." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

    private PackedUserApp(string root)
    {
        Root = root;
    }

    /// <summary>Gets the folder that holds the feed (<c>feed/</c>), the app (<c>app/</c>) and its packages (<c>packages/</c>).</summary>
    public string Root { get; }

    /// <summary>Gets the app's folder.</summary>
    public string AppFolder => Path.Combine(Root, "app");

    /// <summary>Gets the built app's entry assembly.</summary>
    public string AppDll => Path.Combine(AppFolder, "bin", "Release", "net10.0", "ReadmeUser.dll");

    /// <summary>Gets the package ids packed, one per project of src/.</summary>
    public IReadOnlyList<string> Packages { get; private set; } = [];

    /// <summary>Packs src/, writes the app and builds it; the result says whether the build passed and what it printed.</summary>
    public static async Task<(PackedUserApp App, ProcessResult Build)> BuildAsync()
    {
        var app = new PackedUserApp(Directory.CreateTempSubdirectory("openaiimages-readme-user-").FullName);
        string configuration = typeof(PackedUserApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string feed = Path.Combine(app.Root, "feed");
        string[] projects = Directory.GetDirectories(Path.Combine(Repository.Root, "src")).Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj")).Where(File.Exists).Order(StringComparer.Ordinal).ToArray();
        foreach (string project in projects)
        {
            // From the build the tests run on (--no-build), IL only (no ReadyToRun images), no package validation: the app needs the API, not the packaging checks.
            ProcessResult pack = await Dotnet.RunAsync(Repository.Root, ["pack", project, "-c", configuration, "--no-build", "-o", feed, "-p:PackageVersion=" + app._version, "-p:EnablePackageValidation=false", "-p:OpenAIImagesReadyToRun=false"]);
            if (pack.ExitCode != 0)
            {
                return (app, pack);
            }
        }

        app.Packages = projects.Select(Path.GetFileNameWithoutExtension).ToArray()!;
        Directory.CreateDirectory(app.AppFolder);
        File.WriteAllText(Path.Combine(app.AppFolder, "nuget.config"), NugetConfig(feed));
        File.WriteAllText(Path.Combine(app.AppFolder, "ReadmeUser.csproj"), ProjectFile(app.Packages, app._version, Path.Combine(app.Root, "packages")));
        foreach (string snippet in Directory.GetFiles(Path.Combine(Repository.ProjectFolder, "Snippets"), "*.cs"))
        {
            File.Copy(snippet, Path.Combine(app.AppFolder, Path.GetFileName(snippet)));
        }

        return (app, await Dotnet.RunAsync(app.AppFolder, ["build", "-c", "Release"]));
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Root, recursive: true);

    // The local feed first, then nuget.org for what the packages depend on, found first in the machine's package cache.
    private static string NugetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <fallbackPackageFolders>
            <add key="cache" value="{Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")}" />
          </fallbackPackageFolders>
        </configuration>
        """;

    // A console app as `dotnet new console` makes it, warnings as errors (a README block should not warn either),
    // MEAI001 suppressed as the README says, and packages restored into a folder of its own.
    private static string ProjectFile(IEnumerable<string> packages, string version, string restoreFolder)
    {
        var references = new StringBuilder();
        foreach (string package in packages)
        {
            references.AppendLine($"""    <PackageReference Include="{package}" Version="{version}" />""");
        }

        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);MEAI001;NU1603</NoWarn>
                <RestorePackagesPath>{restoreFolder}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
            {references}    <!-- The package the README names for tests on a fake clock. -->
                <PackageReference Include="Microsoft.Extensions.TimeProvider.Testing" Version="10.0.0" />
              </ItemGroup>
            </Project>
            """;
    }
}

/// <summary>What a process printed and how it ended.</summary>
internal sealed record ProcessResult(int ExitCode, string Output)
{
    /// <summary>Gets the lines that name an error (<c>error CS0104: ...</c>), or the whole output when none does.</summary>
    public string Errors => string.Join("\n", Output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct()) is { Length: > 0 } errors ? errors : Output;
}

/// <summary>Runs the dotnet CLI that runs the tests, without the MSBuild variables of the test run.</summary>
internal static class Dotnet
{
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static async Task<ProcessResult> RunAsync(string folder, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? fileName = null)
    {
        var start = new ProcessStartInfo(fileName ?? Host) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ProcessResult(process.ExitCode, await output + await error);
    }
}
