using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Responses;

/// <summary>
/// Fetches URL images, for <see cref="ImagesClient.GenerateToFilesAsync"/> and <see cref="GeneratedImage.SaveAsync"/>
/// alike: through the client's <see cref="HttpClient"/>, without the API key (image URLs point at other hosts), and
/// within <see cref="ImagesClientOptions.DownloadTimeout"/> from the request to the last byte.
/// </summary>
/// <remarks>
/// Every way a download fails is an <see cref="ImagesDownloadException"/>: a refused scheme (only http and https are
/// fetched), an error status, a broken or undecodable body, the timeout. What <c>write</c> throws passes unchanged, and
/// so does the caller's cancellation.
/// </remarks>
internal sealed class ImageDownloader(HttpClient http, string userAgent, TimeSpan timeout, TimeProvider time)
{
    /// <summary>Downloads <paramref name="url"/>, handing its body to <paramref name="write"/> a block at a time.</summary>
    /// <exception cref="ImagesDownloadException">The image could not be fetched.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task DownloadAsync(Uri url, int index, Func<byte[], int, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ImagesDownloadException($"Image {index} has a URL that is not http or https ({Redaction.Url(url)}); it is not downloaded.", index, null, null);
        }

        using CancellationTokenSource? timer = timeout == Timeout.InfiniteTimeSpan ? null : StartTimer();
        using CancellationTokenSource linked = timer is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        CancellationToken token = linked.Token;
        byte[] block = ArrayPool<byte>.Shared.Rent(AtomicFile.WriteBlockSize);
        try
        {
            using HttpResponseMessage response = await SendAsync(url, index, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ImagesDownloadException($"Downloading image {index} from {Redaction.Url(url)} failed with status {(int)response.StatusCode}.", index, (int)response.StatusCode, null);
            }

            using Stream body = await OpenAsync(response, url, index, token).ConfigureAwait(false);
            // The block is filled before it is handed on: a network read brings a few kilobytes, a file write costs the
            // same for a few kilobytes as for the whole block. A block not filled is the body's end.
            int filled;
            do
            {
                filled = await FillAsync(body, block, url, index, token).ConfigureAwait(false);
                if (filled > 0)
                {
                    await write(block, filled, token).ConfigureAwait(false);
                }
            }
            while (filled == block.Length);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            string why = timer is { IsCancellationRequested: true }
                ? $"took longer than ImagesClientOptions.DownloadTimeout ({timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s)"
                : "was cancelled by the HTTP stack";
            throw new ImagesDownloadException($"Downloading image {index} from {Redaction.Url(url)} {why}.", index, null, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private CancellationTokenSource StartTimer()
    {
        if (!TimeLimit.Applies(timeout))
        {
            return new CancellationTokenSource();
        }

#if NET
        return new CancellationTokenSource(timeout, time);
#else
        return time.CreateCancellationTokenSource(timeout);
#endif
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, int index, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            throw Broken(url, index, ex);
        }
    }

    private static async Task<Stream> OpenAsync(HttpResponseMessage response, Uri url, int index, CancellationToken cancellationToken)
    {
        try
        {
#if NET
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            cancellationToken.ThrowIfCancellationRequested();
            return await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            throw Broken(url, index, ex);
        }
    }

    private static async Task<int> FillAsync(Stream body, byte[] block, Uri url, int index, CancellationToken cancellationToken)
    {
        try
        {
            return await StreamReads.ReadAtMostAsync(body, block, 0, block.Length, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            throw Broken(url, index, ex);
        }
    }

    // InvalidDataException and InvalidOperationException: a body that does not decompress (gzip and deflate; brotli).
    private static bool IsTransportError(Exception ex) => ex is HttpRequestException or IOException or InvalidDataException or InvalidOperationException;

    private static ImagesDownloadException Broken(Uri url, int index, Exception ex) =>
        new($"Downloading image {index} from {Redaction.Url(url)} failed: {Redaction.Text(ex.Message, null)}", index, null, ex);
}
