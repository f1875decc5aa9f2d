using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace OpenAIImages.Testing.Batches;

/// <summary>
/// A file of the emulated <c>/v1/files</c> (an uploaded batch input, or a batch's output or error file), kept on disk:
/// an unlinked temporary file reached only through its handle, so its space is freed when the handle closes, at the
/// latest when the process ends, however the emulator is left.
/// </summary>
internal sealed class StoredFile
{
    private readonly SafeFileHandle _handle;

    public StoredFile(string id, string fileName, string purpose, long createdAt, SafeFileHandle handle, long length)
    {
        Id = id;
        FileName = fileName;
        Purpose = purpose;
        CreatedAt = createdAt;
        _handle = handle;
        Length = length;
    }

    public string Id { get; }

    public string FileName { get; }

    public string Purpose { get; }

    public long CreatedAt { get; }

    public long Length { get; }

    /// <summary>Opens a reader of the whole content; readers are independent of each other and do not own the file.</summary>
    public Stream OpenRead() => new HandleStream(_handle, Length);

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    public byte[] Read(long offset, int length)
    {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length)
        {
            int read = RandomAccess.Read(_handle, bytes.AsSpan(done), offset + done);
            if (read == 0)
            {
                throw new EndOfStreamException("A stored batch file ended early.");
            }

            done += read;
        }

        return bytes;
    }
}
