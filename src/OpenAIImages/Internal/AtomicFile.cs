using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Internal;

/// <summary>Writes a file completely or not at all: a temporary file beside it, flushed to disk, then renamed over it.</summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            Replace(temp, fullPath);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void Replace(string temp, string destination)
    {
#if NET
        File.Move(temp, destination, overwrite: true);
#else
        if (File.Exists(destination))
        {
            File.Replace(temp, destination, destinationBackupFileName: null);
        }
        else
        {
            File.Move(temp, destination);
        }
#endif
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The temporary file stays behind; the destination was not touched.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
