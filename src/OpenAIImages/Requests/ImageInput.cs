using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;
using OpenAIImages.Requests;

namespace OpenAIImages;

/// <summary>An image to upload for an edit or a variation: a file, a stream or bytes.</summary>
/// <remarks>
/// The format, dimensions and transparency are read from the bytes, not from the file name, and the upload carries the
/// real <c>Content-Type</c> and only the file's name (never a directory). An input can be sent more than once, for
/// example on a retry: a file is opened again, bytes are reused, a seekable stream is read again from the position it
/// had when the input was created, and a non-seekable stream is read into memory once.
/// An input that wraps a stream must not be used by two requests at the same time.
/// </remarks>
public sealed class ImageInput
{
    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly long _streamStart;
    private readonly string? _fileName;
    private ReadOnlyMemory<byte>? _bytes;
    private ImageInfo? _info;

    private ImageInput(string? path, Stream? stream, ReadOnlyMemory<byte>? bytes, string? fileName, string? url = null, string? fileId = null)
    {
        Url = url;
        FileId = fileId;
        _path = path;
        _stream = stream;
        _bytes = bytes;
        _fileName = fileName is null ? null : LastSegment(fileName);
        if (stream is { CanSeek: true })
        {
            _streamStart = stream.Position;
        }
    }

    /// <summary>Gets the image's URL (https or a <c>data:</c> URL) when it is a reference to an image already online, else null.</summary>
    public string? Url { get; }

    /// <summary>Gets the id of an uploaded file (Files API) when the image is a reference to one, else null.</summary>
    public string? FileId { get; }

    /// <summary>Gets whether the image is a reference (<see cref="Url"/> or <see cref="FileId"/>) rather than bytes to upload.</summary>
    public bool IsReference => Url is not null || FileId is not null;

    /// <summary>Gets the file name sent with the upload, without any directory; null until the format is known when none was given.</summary>
    public string? FileName => _fileName;

    /// <summary>Creates an input that reads a file each time it is sent.</summary>
    /// <param name="path">The file's path; only its name is sent.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/>.</exception>
    public static ImageInput FromFile(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("An image path is required.", nameof(path));
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The image file '{path}' does not exist.", path);
        }

        return new ImageInput(Path.GetFullPath(path), null, null, path);
    }

    /// <summary>Creates an input from bytes in memory; the bytes are not copied, so do not change them while in use.</summary>
    /// <param name="bytes">The image file's bytes.</param>
    /// <param name="fileName">The file name to send; by default <c>image</c> with the extension of the detected format.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> bytes, string? fileName = null) =>
        new(null, null, bytes, fileName);

    /// <summary>Creates an input that reads a stream from its current position; the stream is not disposed.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="fileName">The file name to send; by default <c>image</c> with the extension of the detected format.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static ImageInput FromStream(Stream stream, string? fileName = null)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (!stream.CanRead)
        {
            throw new ArgumentException("The image stream cannot be read.", nameof(stream));
        }

        return new ImageInput(null, stream, null, fileName);
    }

    /// <summary>Creates a reference to an image already online, sent in the JSON form of an edit (<c>image_url</c>): an https URL or a base64 <c>data:</c> URL.</summary>
    /// <param name="url">The URL; at most 20,971,520 characters.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an https or data URL, or is too long.</exception>
    public static ImageInput FromUrl(string url)
    {
        bool https = url is not null && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && Uri.IsWellFormedUriString(url, UriKind.Absolute);
        bool data = url is not null && url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) && url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) > 0;
        if (!https && !data)
        {
            throw new ArgumentException("An image URL must be an https URL or a base64 data URL (data:image/png;base64,...).", nameof(url));
        }

        if (url!.Length > MaxUrlLength)
        {
            throw new ArgumentException($"An image URL may be at most {MaxUrlLength:N0} characters; this one has {url.Length:N0}.", nameof(url));
        }

        return new ImageInput(null, null, null, null, url: url);
    }

    /// <summary>Creates a reference to a file uploaded with the Files API, sent in the JSON form of an edit (<c>file_id</c>).</summary>
    /// <param name="fileId">The file's id, such as <c>file-abc123</c>.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="fileId"/> is null, empty or white space.</exception>
    public static ImageInput FromFileId(string fileId)
    {
        if (string.IsNullOrWhiteSpace(fileId))
        {
            throw new ArgumentException("A file id is required.", nameof(fileId));
        }

        return new ImageInput(null, null, null, null, fileId: fileId);
    }

    /// <summary>Returns the file name, URL kind or file id, for diagnostics; never a data URL's contents.</summary>
    public override string ToString() => FileId ?? (Url is { } url ? (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? "data URL" : Internal.Redaction.Text(url, null)) : _fileName ?? "image");

    private static int MaxUrlLength => Catalog.SharedRules.MaxImageUrlLength;

    // Only a file's own name leaves the machine, never its folders, whichever separator the caller's platform uses.
    private static string LastSegment(string fileName)
    {
        int slash = fileName.LastIndexOfAny(['/', '\\']);
        string name = slash >= 0 ? fileName.Substring(slash + 1) : fileName;
        return name.Length > 0 ? name : "image";
    }

    internal string GetFileName(ImageInfo info) => _fileName ?? "image" + info.Extension;

    /// <summary>Reads the header once and remembers what it says.</summary>
    internal async ValueTask<ImageInfo> InspectAsync(CancellationToken cancellationToken)
    {
        if (_info is { } known)
        {
            return known;
        }

        if (IsReference)
        {
            // Nothing to read here: the server fetches the image.
            return new ImageInfo(ImageFileFormat.Unknown, 0, 0, null, 0);
        }

        if (_stream is { CanSeek: false })
        {
            // A forward-only stream can be read once: keep its bytes so retries can send them again.
            using var buffer = new MemoryStream();
            await _stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            _bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        ImageInfo info;
        if (_bytes is { } bytes)
        {
            info = ImageFormats.Read(bytes.Span.Slice(0, Math.Min(bytes.Length, ImageFormats.HeaderBytes)), bytes.Length);
        }
#if NET
        else if (_path is not null)
        {
            info = ReadFileHeader(_path);
        }
#endif
        else
        {
            using Stream source = OpenSource();
            long length = source.Length - source.Position;
            byte[] header = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, ImageFormats.HeaderBytes));
            try
            {
                // A small read first: reading the whole allowance of a large file on every call is most of an edit's cost.
                int limit = (int)Math.Min(length, header.Length);
                int read = await StreamReads.ReadAtMostAsync(source, header, 0, Math.Min(limit, ImageFormats.FirstReadBytes), cancellationToken).ConfigureAwait(false);
                info = ImageFormats.Read(header.AsSpan(0, read), length);
                if (!ImageFormats.IsComplete(info) && read < limit)
                {
                    read += await StreamReads.ReadAtMostAsync(source, header, read, limit - read, cancellationToken).ConfigureAwait(false);
                    info = ImageFormats.Read(header.AsSpan(0, read), length);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(header);
            }
        }

        _info = info;
        return info;
    }

    /// <summary>Copies the whole image to <paramref name="destination"/>; called once per attempt.</summary>
    internal async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (_bytes is { } bytes)
        {
#if NET
            await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
#else
            byte[] copy = bytes.ToArray();
            await destination.WriteAsync(copy, 0, copy.Length, cancellationToken).ConfigureAwait(false);
#endif
            return;
        }

        using Stream source = OpenSource();
        await source.CopyToAsync(destination, 81920, cancellationToken).ConfigureAwait(false);
    }

    private Stream OpenSource()
    {
        if (IsReference)
        {
            throw new InvalidOperationException("An image reference has no bytes to upload.");
        }

        if (_path is not null)
        {
            return new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }

        Stream stream = _stream!;
        stream.Position = _streamStart;
        return new NonDisposingStream(stream);
    }

#if NET
    // A file's header through a plain handle, read synchronously: a few kilobytes from the page cache cost less than the
    // thread-pool hop of an asynchronous FileStream (which is how .NET reads files asynchronously on Linux).
    private static ImageInfo ReadFileHeader(string path)
    {
        using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        byte[] header = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, ImageFormats.HeaderBytes));
        try
        {
            int limit = (int)Math.Min(length, header.Length);
            int read = ReadAtMost(handle, header.AsSpan(0, Math.Min(limit, ImageFormats.FirstReadBytes)), 0);
            ImageInfo info = ImageFormats.Read(header.AsSpan(0, read), length);
            if (!ImageFormats.IsComplete(info) && read < limit)
            {
                read += ReadAtMost(handle, header.AsSpan(read, limit - read), read);
                info = ImageFormats.Read(header.AsSpan(0, read), length);
            }

            return info;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    private static int ReadAtMost(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = RandomAccess.Read(handle, buffer.Slice(total), offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
#endif
}
