using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;
using OpenAIImages.Requests;

namespace OpenAIImages;

/// <summary>One image of a result: its bytes (<c>b64_json</c>) or a URL (<c>url</c>), and the prompt the model used.</summary>
public sealed class GeneratedImage
{
    private readonly byte[]? _bytes;
    private readonly Func<Uri, CancellationToken, Task<HttpResponseMessage>>? _download;

    internal GeneratedImage(
        int index,
        byte[]? bytes,
        Uri? url,
        string? revisedPrompt,
        ImageOutputFormat? outputFormat,
        Func<Uri, CancellationToken, Task<HttpResponseMessage>>? download,
        string? filePath = null)
    {
        Index = index;
        _bytes = bytes;
        Url = url;
        RevisedPrompt = revisedPrompt;
        _download = download;
        FilePath = filePath;
        OutputFormat = outputFormat ?? (bytes is null ? null : FormatOf(bytes, bytes.Length));
    }

    /// <summary>Gets the image's position in the result.</summary>
    public int Index { get; }

    /// <summary>Gets whether the image came as bytes; otherwise see <see cref="Url"/>.</summary>
    public bool HasBytes => _bytes is not null;

    /// <summary>Gets the image file's bytes, decoded from <c>b64_json</c>; empty when the image came as a URL or was written straight to <see cref="FilePath"/>.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Gets the file the image was written to as it arrived (<see cref="ImagesClient.GenerateToFilesAsync"/>, <see cref="ImagesClient.EditToFilesAsync"/>), or null.</summary>
    public string? FilePath { get; }

    /// <summary>Gets the URL of the image (<c>url</c>; DALL·E models, valid for 60 minutes), or null.</summary>
    public Uri? Url { get; }

    /// <summary>Gets the prompt the model actually used (<c>revised_prompt</c>; dall-e-3), or null.</summary>
    public string? RevisedPrompt { get; }

    /// <summary>Gets the file format, from the response or, failing that, from the bytes; null for a URL image of unknown format.</summary>
    public ImageOutputFormat? OutputFormat { get; }

    /// <summary>Gets the file extension that fits <see cref="OutputFormat"/>, such as <c>.png</c>; <c>.png</c> when unknown.</summary>
    public string FileExtension => ExtensionOf(OutputFormat);

    /// <summary>Writes the image to <paramref name="path"/> completely or not at all: a temporary file in the same folder, then a rename.</summary>
    /// <remarks>
    /// A URL image is downloaded first, through the client's <see cref="HttpClient"/> and without the API key; an image
    /// already written to <see cref="FilePath"/> is copied from there.
    /// An existing file at <paramref name="path"/> is replaced. Missing folders are created.
    /// </remarks>
    /// <param name="path">Where to write the image.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is left behind.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The image has neither bytes nor a URL, or a URL image has no way to download it.</exception>
    /// <exception cref="ImagesDownloadException">Downloading a URL image failed.</exception>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("A path to save the image to is required.", nameof(path));
        }

        if (_bytes is { } bytes)
        {
            await AtomicFile.WriteAsync(path, (stream, ct) => stream.WriteAsync(bytes, 0, bytes.Length, ct), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (FilePath is { } source)
        {
            await AtomicFile.WriteAsync(
                path,
                async (stream, ct) =>
                {
                    using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    await input.CopyToAsync(stream, 81920, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Url is null)
        {
            throw new InvalidOperationException($"Image {Index} has neither bytes, a file nor a URL to save.");
        }

        if (_download is null)
        {
            throw new InvalidOperationException($"Image {Index} was created without a client, so its URL cannot be downloaded.");
        }

        using HttpResponseMessage response = await _download(Url, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ImagesDownloadException($"Downloading image {Index} from {Url.GetLeftPart(UriPartial.Path)} failed with status {(int)response.StatusCode}.", Index, (int)response.StatusCode, null);
        }

        await AtomicFile.WriteAsync(
            path,
            async (stream, ct) =>
            {
#if NET
                using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
#else
                using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                await body.CopyToAsync(stream, 81920, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns a short description, for diagnostics; never the bytes.</summary>
    public override string ToString() =>
        _bytes is not null ? $"Image {Index}: {_bytes.Length} bytes {OutputFormat}"
        : FilePath is not null ? $"Image {Index}: {FilePath}"
        : $"Image {Index}: {Url}";

    /// <summary>How many leading bytes <see cref="FormatOf"/> looks at.</summary>
    internal const int FormatHeadLength = 512;

    /// <summary>The file extension for a format, such as <c>.png</c>; <c>.png</c> when unknown.</summary>
    internal static string ExtensionOf(ImageOutputFormat? format) => format?.Value switch
    {
        "jpeg" => ".jpg",
        null => ".png",
        { } other => "." + other,
    };

    /// <summary>Tells the format from a file's first bytes (up to <see cref="FormatHeadLength"/>) and its length.</summary>
    internal static ImageOutputFormat? FormatOf(ReadOnlySpan<byte> head, long length)
    {
        if (LooksLikeSvg(head.Slice(0, Math.Min(head.Length, FormatHeadLength))))
        {
            return ImageOutputFormat.Svg;
        }

        return ImageHeaderReader.Read(head.Slice(0, Math.Min(head.Length, 64)), length).Format switch
        {
            ImageFileFormat.Png => ImageOutputFormat.Png,
            ImageFileFormat.Jpeg => ImageOutputFormat.Jpeg,
            ImageFileFormat.Webp => ImageOutputFormat.Webp,
            ImageFileFormat.Gif => ImageOutputFormat.Gif,
            _ => (ImageOutputFormat?)null,
        };
    }

    // SVG is text: an optional BOM, white space or an XML declaration, then an <svg element.
    private static bool LooksLikeSvg(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            head = head.Slice(3);
        }

        int start = 0;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        head = head.Slice(start);
        return head.StartsWith("<svg"u8) || (head.StartsWith("<?xml"u8) && head.IndexOf("<svg"u8) > 0);
    }
}
