using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace OpenAIImages.Testing.Batches;

/// <summary>
/// The emulated <c>/v1/files</c>: each file written once to a temporary file that is unlinked at once and read through
/// its handle, so files of any size cost disk, not memory, and none is left behind.
/// </summary>
internal sealed class BatchFileStore
{
    private readonly Dictionary<string, StoredFile> _files = new(StringComparer.Ordinal);

    public StoredFile? Find(string id) => _files.GetValueOrDefault(id);

    /// <summary>Stores a file whose content <paramref name="write"/> writes to the stream it is given.</summary>
    public async Task<StoredFile> AddAsync(string fileName, string purpose, long createdAt, Func<Stream, Task> write)
    {
        string path = Path.Combine(Path.GetTempPath(), "openai-images-emulator-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + ".jsonl");
        SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, FileOptions.DeleteOnClose);
        try
        {
            File.Delete(path); // unlinked: the handle keeps the content until it closes
        }
        catch (IOException)
        {
            // Still deleted on close.
        }

        long length;
        try
        {
            using var stream = new HandleStream(handle);
            var buffered = new BufferedStream(stream, 256 * 1024);
            await using (buffered.ConfigureAwait(false))
            {
                await write(buffered).ConfigureAwait(false);
                await buffered.FlushAsync().ConfigureAwait(false);
            }

            length = stream.Length;
        }
        catch
        {
            handle.Dispose(); // a file never stored: its space goes now
            throw;
        }

        var file = new StoredFile("file-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), fileName, purpose, createdAt, handle, length);
        _files[file.Id] = file;
        return file;
    }
}
