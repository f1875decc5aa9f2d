using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;
using OpenAIImages.Responses;

namespace OpenAIImages;

/// <summary>One image of a result: its bytes (<c>b64_json</c>) or a URL (<c>url</c>), and the prompt the model used.</summary>
public sealed class GeneratedImage
{
    private readonly byte[]? _bytes;
    private readonly ImageDownloader? _downloader;

    internal GeneratedImage(
        int index,
        byte[]? bytes,
        Uri? url,
        string? revisedPrompt,
        ImageOutputFormat? outputFormat,
        ImageDownloader? downloader,
        string? filePath = null,
        IReadOnlyDictionary<string, ImageContentFilterResult>? contentFilterResults = null,
        IReadOnlyDictionary<string, ImageContentFilterResult>? promptFilterResults = null)
    {
        Index = index;
        _bytes = bytes;
        Url = url;
        RevisedPrompt = revisedPrompt;
        _downloader = downloader;
        FilePath = filePath;
        ContentFilterResults = contentFilterResults;
        PromptFilterResults = promptFilterResults;
        OutputFormat = outputFormat ?? (bytes is null ? null : ImageFormats.OutputFormatOf(bytes, bytes.Length));
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

    /// <summary>Gets Azure OpenAI's content filter verdict on the image, per category (<c>content_filter_results</c>), or null when the server sent none (OpenAI never does).</summary>
    /// <remarks>Keys are Azure's category names, such as <c>hate</c>, <c>self_harm</c>, <c>sexual</c> and <c>violence</c>.</remarks>
    public IReadOnlyDictionary<string, ImageContentFilterResult>? ContentFilterResults { get; }

    /// <summary>Gets Azure OpenAI's content filter verdict on the prompt, per category (<c>prompt_filter_results</c>), or null when the server sent none (OpenAI never does).</summary>
    /// <remarks>Keys are Azure's category names; besides the severity categories there are detection ones such as <c>profanity</c> and <c>jailbreak</c>.</remarks>
    public IReadOnlyDictionary<string, ImageContentFilterResult>? PromptFilterResults { get; }

    /// <summary>Gets the file format, from the response or, failing that, from the bytes; null for a URL image of unknown format.</summary>
    public ImageOutputFormat? OutputFormat { get; }

    /// <summary>Gets the file extension that fits <see cref="OutputFormat"/>, such as <c>.png</c>; <c>.png</c> when unknown.</summary>
    public string FileExtension => ImageFormats.ExtensionOf(OutputFormat);

    /// <summary>Writes the image to <paramref name="path"/> completely or not at all: a temporary file in the same folder, then a rename.</summary>
    /// <remarks>
    /// A URL image is downloaded first, through the client's <see cref="HttpClient"/>, without the API key and within
    /// <see cref="ImagesClientOptions.DownloadTimeout"/>; an image already written to <see cref="FilePath"/> is copied
    /// from there. An existing file at <paramref name="path"/> is replaced. Missing folders are created.
    /// </remarks>
    /// <param name="path">Where to write the image.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is left behind.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or not a valid path.</exception>
    /// <exception cref="InvalidOperationException">The image has neither bytes nor a URL, or a URL image has no client to download it with (one made by <see cref="ImagesModelFactory"/>).</exception>
    /// <exception cref="ImagesDownloadException">Downloading a URL image failed or took longer than <see cref="ImagesClientOptions.DownloadTimeout"/>.</exception>
    /// <exception cref="ImagesFileException">The file could not be written (or, for an image in <see cref="FilePath"/>, that file could not be read).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("A path to save the image to is required.", nameof(path));
        }

        if (_bytes is null && FilePath is null)
        {
            if (Url is null)
            {
                throw new InvalidOperationException($"Image {Index} has neither bytes, a file nor a URL to save.");
            }

            if (_downloader is null)
            {
                throw new InvalidOperationException($"Image {Index} was created without a client, so its URL cannot be downloaded.");
            }
        }

        await WriteAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await AtomicFile.WriteAsync(path, WriteContentAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ImageFileWriter.IsFileError(ex))
        {
            throw new ImagesFileException($"Image {Index} could not be saved to '{path}': {ex.Message}", path, ex);
        }
    }

    private async Task WriteContentAsync(Stream file, CancellationToken cancellationToken)
    {
        if (_bytes is { } bytes)
        {
            await file.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
        }
        else if (FilePath is { } source)
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await input.CopyToAsync(file, AtomicFile.WriteBlockSize, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _downloader!.DownloadAsync(Url!, Index, (block, count, ct) => file.WriteAsync(block, 0, count, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns a short description, for diagnostics; never the bytes.</summary>
    public override string ToString() =>
        _bytes is not null ? $"Image {Index}: {_bytes.Length} bytes {OutputFormat}"
        : FilePath is not null ? $"Image {Index}: {FilePath}"
        : $"Image {Index}: {Redaction.Url(Url)}";
}
