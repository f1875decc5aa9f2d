using System;
using System.IO;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// A copy of this program's output folder whose OpenAIImages.dll is the one a packed OpenAIImages package gives this
/// platform: <c>runtimes/{rid}/lib/net10.0</c> (the ReadyToRun image) when the package has one, else <c>lib/net10.0</c>,
/// as the .NET host would choose for an app that installs the package.
/// </summary>
/// <param name="Directory">The copy; the caller deletes it.</param>
/// <param name="Summary">Which assembly was taken from where, and whether it is ReadyToRun.</param>
public sealed record PackageImage(string Directory, string Summary)
{
    /// <summary>Makes the copy from <paramref name="package"/>, a .nupkg packed from this source.</summary>
    /// <exception cref="IOException">The package cannot be read or holds no net10.0 assembly.</exception>
    public static PackageImage Prepare(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        string rid = RuntimeInformation.RuntimeIdentifier;
        string[] candidates = [$"runtimes/{rid}/lib/net10.0/OpenAIImages.dll", "lib/net10.0/OpenAIImages.dll"];
        ZipArchiveEntry? entry = null;
        foreach (string candidate in candidates)
        {
            entry ??= zip.GetEntry(candidate);
        }

        if (entry is null)
        {
            throw new IOException($"{package} holds neither {candidates[0]} nor {candidates[1]}");
        }

        string copy = Path.Combine(Path.GetTempPath(), "openaiimages-coldstart-" + Guid.NewGuid().ToString("N"));
        CopyFolder(AppContext.BaseDirectory, copy);
        string target = Path.Combine(copy, "OpenAIImages.dll");
        entry.ExtractToFile(target, overwrite: true);
        bool readyToRun;
        using (var pe = new PEReader(File.OpenRead(target)))
        {
            readyToRun = pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
        }

        string summary = $"{OursPackage}: OpenAIImages.dll from {Path.GetFileName(package)} {entry.FullName} ({(readyToRun ? "ReadyToRun" : "IL only")}); ours: this build's (IL)";
        return new PackageImage(copy, summary);
    }

    private const string OursPackage = ColdStart.OursPackage;

    private static void CopyFolder(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (string file in System.IO.Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string folder in System.IO.Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
