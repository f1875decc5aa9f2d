using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Requests;

namespace OpenAIImages.Batches;

/// <summary>
/// The batch's input file, written line by line as the requests are read and checked, into a temporary file of its own
/// (readable by this user only, deleted when disposed), so that no request is held once it is checked and the client's
/// memory stays the same from ten lines to fifty thousand; in memory when no temporary file can be made. Each send of
/// the upload reads it from its start, so a retried upload sends the same bytes.
/// </summary>
internal sealed class BatchInputFile : IDisposable
{
    private const int FlushBytes = 64 * 1024;

    private readonly Stream _store;

    private BatchInputFile(Stream store)
    {
        _store = store;
    }

    /// <summary>Reads <paramref name="requests"/> once, checking each with <paramref name="check"/> and writing it while none has a problem.</summary>
    /// <exception cref="ImagesFileException">The temporary file could not be written (a full disk).</exception>
    public static async Task<BatchInputFile> WriteAsync(IEnumerable<ImagesBatchRequest> requests, BatchRequestCheck check, CancellationToken cancellationToken)
    {
        var input = new BatchInputFile(OpenStore());
        try
        {
            using var buffer = new MemoryStream(FlushBytes * 2);
            using var writer = new Utf8JsonWriter(buffer, JsonRequestWriter.Options);
            foreach (ImagesBatchRequest line in requests)
            {
                string? model = line is null ? null : check.ModelOf(line);
                if (!check.Add(line, model))
                {
                    // Nothing will be sent: the rest of the lines are only checked, for the one report of every problem.
                    continue;
                }

                writer.Reset();
                JsonlUploadContent.WriteLine(writer, line!, model);
                writer.Flush();
                buffer.WriteByte((byte)'\n');
                if (buffer.Length >= FlushBytes)
                {
                    await input.AppendAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
            }

            await input.AppendAsync(buffer, cancellationToken).ConfigureAwait(false);
            check.Finish();
            return input;
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    /// <summary>Writes the whole file to <paramref name="destination"/>, from its start.</summary>
    public Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        _store.Position = 0;
        return _store.CopyToAsync(destination, 81920, cancellationToken);
    }

    public void Dispose() => _store.Dispose();

    // A temporary file (created by GetTempFileName for this user only, deleted on close); memory when none can be made.
    private static Stream OpenStore()
    {
        try
        {
            return new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return new MemoryStream();
        }
    }

    private async Task AppendAsync(MemoryStream buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _store.WriteAsync(buffer.GetBuffer(), 0, (int)buffer.Length, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            string path = _store is FileStream file ? file.Name : string.Empty;
            throw new ImagesFileException("The batch's input file could not be written to a temporary file: " + ex.Message, path, ex);
        }

        buffer.SetLength(0);
    }
}
