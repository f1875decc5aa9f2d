using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Responses;

/// <summary>
/// Reads a success response's body into an <see cref="ImageResult"/>: the body through one pooled buffer
/// (<see cref="PooledBuffer"/>), its JSON through <see cref="ImagesResponseParser"/>, each <c>b64_json</c> value as it
/// arrives through a <see cref="Base64ImageSink"/> (into memory, or into its file), URL images into files through the
/// <see cref="ImageDownloader"/>.
/// </summary>
/// <remarks>
/// <para>
/// At no time does a call hold the whole JSON text or an image's base64 text: only the decoded bytes (in memory) or
/// one block of them (to files).
/// </para>
/// <para>
/// Writing to files, each image goes to a temporary file; only once the whole body is read and every URL image is
/// downloaded are they renamed to their final names. So a call that fails or is cancelled leaves none of its files
/// behind and replaces no existing file (but for a rename failing part-way through that last step, after which the
/// files already renamed are deleted).
/// </para>
/// </remarks>
internal sealed class ImagesResponseReader
{
    private const int MemoryBufferSize = 16 * 1024;
    private const int FileBufferSize = 64 * 1024;

    private readonly int _status;
    private readonly string? _requestId;
    private readonly ImageDownloader _downloader;
    private readonly ImageFileTarget? _files;
    private readonly ImagesResponseParser _parser = new();
    private IProgress<ImageCallProgress>? _progress;
    // The files written so far, to be put in place at the end (or deleted); only a call to files has one.
    private readonly List<(int Index, ImageFileWriter File)>? _written;

    private ImagesResponseReader(int status, string? requestId, ImageDownloader downloader, ImageFileTarget? files)
    {
        _status = status;
        _requestId = requestId;
        _downloader = downloader;
        _files = files;
        _written = files is null ? null : [];
    }

    /// <summary>Reads the body of a success response; the caller disposes the response.</summary>
    /// <param name="response">The response, whose status goes into error details.</param>
    /// <param name="requestId">The <c>x-request-id</c>, for the result and error details.</param>
    /// <param name="downloader">Fetches URL images when writing to files; kept by each image for <see cref="GeneratedImage.SaveAsync"/>.</param>
    /// <param name="files">Where to write the images, or null to keep them in memory.</param>
    /// <param name="progress">Where downloading and saving are reported, or null.</param>
    /// <param name="cancellationToken">Cancels the read; no file is left behind.</param>
    /// <exception cref="ImagesInvalidResponseException">The body is not a valid Images answer (malformed or cut short JSON, fields of the wrong type, no images, bad base64, a URL that is not http(s), a body that does not decompress).</exception>
    /// <exception cref="ImagesConnectionException">The body's stream failed while being read.</exception>
    /// <exception cref="ImagesDownloadException">A URL image could not be fetched (to files only).</exception>
    /// <exception cref="ImagesFileException">An image could not be written to its file (to files only).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ValueTask<ImageResult> ReadAsync(
        HttpResponseMessage response,
        string? requestId,
        ImageDownloader downloader,
        ImageFileTarget? files,
        IProgress<ImageCallProgress>? progress,
        CancellationToken cancellationToken) =>
        new ImagesResponseReader((int)response.StatusCode, requestId, downloader, files) { _progress = progress }.ReadBodyAsync(response, null, cancellationToken);

    /// <summary>Reads a success body that is not a response of its own (a line of a batch's output file).</summary>
    /// <param name="body">The body.</param>
    /// <param name="status">The HTTP status it came with, for error details.</param>
    /// <param name="requestId">Its request id, for the result and error details.</param>
    /// <param name="downloader">Fetches URL images when writing to files.</param>
    /// <param name="files">Where to write the images, or null to keep them in memory.</param>
    /// <param name="cancellationToken">Cancels the read; no file is left behind.</param>
    public static ValueTask<ImageResult> ReadAsync(
        Stream body,
        int status,
        string? requestId,
        ImageDownloader downloader,
        ImageFileTarget? files,
        CancellationToken cancellationToken) =>
        new ImagesResponseReader(status, requestId, downloader, files).ReadBodyAsync(null, body, cancellationToken);

    // The whole answer: the body read into a pooled buffer, the JSON parsed, each b64_json decoded into memory or its file.
    private async ValueTask<ImageResult> ReadBodyAsync(HttpResponseMessage? response, Stream? given, CancellationToken cancellationToken)
    {
#if NET
        using Stream body = given ?? await response!.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using Stream body = given ?? await response!.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using var buffer = new PooledBuffer(_files is null ? MemoryBufferSize : FileBufferSize);
        Base64ImageSink? sink = null;
        bool isFinal = false;
        bool stalled = false;
        try
        {
            while (true)
            {
                // A token longer than what has arrived: fill the buffer before parsing again, so the JSON reader scans
                // it a few times as the buffer doubles, not once per read.
                do
                {
                    isFinal = await ReadAsync(buffer, body, cancellationToken).ConfigureAwait(false) == 0;
                }
                while (stalled && !isFinal && !buffer.IsFull);

                while (true)
                {
                    if (sink is not null)
                    {
                        int used = sink.Decode(buffer.Data, isFinal);
                        buffer.Consume(used);
                        if (sink.NotAString)
                        {
                            // null or another value: the parser reads it (and only null is allowed).
                            sink.File?.Dispose();
                            sink.Dispose();
                            sink = null;
                            _parser.Base64ValueNotAString();
                            continue;
                        }

                        bool flushed = sink.MustFlush;
                        if (flushed)
                        {
                            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
                        }

                        if (sink.Completed)
                        {
                            Base64ImageSink done = sink;
                            sink = null;
                            await CompleteAsync(done, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        if (!flushed && (used == 0 || buffer.Length == 0))
                        {
                            break; // more input needed
                        }

                        continue;
                    }

                    int before = buffer.Length;
                    buffer.Consume(_parser.Consume(buffer.Data, isFinal));
                    if (_parser.Finished)
                    {
                        return await FinishAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (_parser.AtBase64Value)
                    {
                        sink = _files is null ? Base64ImageSink.ToMemory() : Base64ImageSink.ToFile(_files.Open(_parser.ImageIndex));
                        continue;
                    }

                    stalled = buffer.Length == before && before > 0;
                    break;
                }

                if (isFinal)
                {
                    throw new JsonException("The response body ended before its JSON object was complete.");
                }
            }
        }
        catch (JsonException ex)
        {
            throw Invalid(ex.Message, ex);
        }
        finally
        {
            Release(sink);
        }
    }

    // Everything the call opened, closed: the sink of a value cut short, and the files not yet put in place.
    private void Release(Base64ImageSink? sink)
    {
        if (sink is not null)
        {
            sink.File?.Dispose();
            sink.Dispose();
        }

        if (_written is { } written)
        {
            foreach ((_, ImageFileWriter file) in written)
            {
                file.Dispose();
            }
        }
    }

    // A b64_json value was read whole: its bytes go to the parser (in memory) or its file is closed, to be put in place at the end.
    private async ValueTask CompleteAsync(Base64ImageSink sink, CancellationToken cancellationToken)
    {
        try
        {
            if (sink.File is { } file)
            {
                _written!.Add((_parser.ImageIndex, file));
                await file.CloseAsync(cancellationToken).ConfigureAwait(false);
                _parser.Base64ValueRead(null, sink.Length);
            }
            else
            {
                _parser.Base64ValueRead(sink.Length == 0 ? null : sink.ToArray(), sink.Length);
            }
        }
        finally
        {
            sink.Dispose();
        }
    }

    // In memory the result is made at once; to files, URL images are downloaded first and every file put in place.
    private ValueTask<ImageResult> FinishAsync(CancellationToken cancellationToken) =>
        _files is null ? new ValueTask<ImageResult>(Result(null, null)) : FinishToFilesAsync(_files, cancellationToken);

    private async ValueTask<ImageResult> FinishToFilesAsync(ImageFileTarget files, CancellationToken cancellationToken)
    {
        IReadOnlyList<ParsedImage> parsed = _parser.Images;
        for (int i = 0; i < parsed.Count; i++)
        {
            if (!parsed[i].HasBase64 && parsed[i].Url is { } url)
            {
                _progress?.Report(new ImageCallProgress(ImageCallPhase.Downloading) { ImageIndex = i });
                ImageFileWriter file = files.Open(i);
                _written!.Add((i, file));
                await _downloader.DownloadAsync(url, i, (block, count, ct) => file.WriteAsync(block, 0, count, ct), cancellationToken).ConfigureAwait(false);
                await file.CloseAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var paths = new string?[parsed.Count];
        var formats = new ImageOutputFormat?[parsed.Count];
        _progress?.Report(new ImageCallProgress(ImageCallPhase.Saving));
        CommitFiles(_parser.DeclaredFormat, paths, formats);
        return Result(paths, formats);
    }

    private ImageResult Result(string?[]? paths, ImageOutputFormat?[]? formats)
    {
        IReadOnlyList<ParsedImage> parsed = _parser.Images;
        ImageOutputFormat? declared = _parser.DeclaredFormat;
        var images = new GeneratedImage[parsed.Count];
        for (int i = 0; i < images.Length; i++)
        {
            ParsedImage image = parsed[i];
            images[i] = new GeneratedImage(i, image.Bytes, image.Url, image.RevisedPrompt, formats?[i] ?? declared, _downloader, paths?[i], image.ContentFilterResults, image.PromptFilterResults);
        }

        return _parser.ToResult(images, _requestId);
    }

    // Every file of the call is put in place, or none: a rename that fails deletes the ones already renamed.
    private void CommitFiles(ImageOutputFormat? declared, string?[] paths, ImageOutputFormat?[] formats)
    {
        var committed = new List<string>(_written!.Count);
        try
        {
            foreach ((int index, ImageFileWriter file) in _written)
            {
                (string path, ImageOutputFormat? format) = file.Commit(declared);
                committed.Add(path);
                paths[index] = path;
                formats[index] = format;
            }
        }
        catch
        {
            DeleteAll(committed);
            throw;
        }
    }

    // After a failed rename: the files already put in place are taken away again, so the call leaves none.
    private static void DeleteAll(List<string> paths)
    {
        foreach (string path in paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ImageFileWriter.IsFileError(ex))
            {
                // Left in place; the ImagesFileException on its way out names the file that failed.
            }
        }
    }

    // One read of the body; a failing stream is a broken connection, a body that does not decompress an invalid answer.
    private async ValueTask<int> ReadAsync(PooledBuffer buffer, Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await buffer.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ReadFailure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    // The SDK's exception for a failed read, or null for one that goes out as it is (the caller's own cancellation).
    private ImagesException? ReadFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException => new ImagesConnectionException(
            $"The connection broke while the Images API's {_status} answer was being read: {Redaction.Text(ex.Message, null)}", ex),

        // The decompressing stream's verdict: gzip and deflate throw InvalidDataException, brotli InvalidOperationException.
        InvalidDataException or InvalidOperationException => Invalid("its compressed encoding is corrupt: " + Redaction.Text(ex.Message, null), ex),
        _ => null,
    };

    private ImagesInvalidResponseException Invalid(string problem, Exception inner)
    {
        string message = $"The Images API answered {_status} but its body could not be read: {problem}";
        return new ImagesInvalidResponseException(message, new ImagesApiErrorDetails(_status, null, null, null, message, _requestId, null), inner);
    }
}
