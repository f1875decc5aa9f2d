using System;
using System.Collections.Generic;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;

namespace OpenAIImages.Web.Endpoints;

/// <summary>
/// Runs a call that does not stream (an edit, a DALL·E generation) and answers with server-sent events: a
/// <c>progress</c> event for each phase the SDK reports (waiting for the rate limit, sending, waiting for the service,
/// reading...), then one <c>completed</c> event per image, or an <c>error</c> event. A call that fails before its first
/// report (bad input, this app's own rate limit) is still a plain JSON error with its HTTP status.
/// </summary>
/// <remarks>
/// The SDK reports on the thread that reaches each phase, in order; <see cref="Progress{T}"/> is not used, as it would
/// post each report to the thread pool and could reorder them.
/// </remarks>
internal sealed class ProgressRelay : IProgress<ImageCallProgress>
{
    // An upload reports after each block it writes; the page needs a new figure per percent, not per block.
    private const long MinUploadStep = 64 * 1024;

    private readonly Channel<SseItem<string>> _events = Channel.CreateUnbounded<SseItem<string>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private long _lastSent = -1;

    private ProgressRelay(ILogger logger) => _logger = logger;

    /// <summary>Starts <paramref name="call"/> with this relay as its progress, and answers once it has reported or ended.</summary>
    /// <param name="call">The SDK call, given the progress to set on its options; it stores its images and returns them.</param>
    /// <param name="logger">Where a failure the page cannot be told about in words (a bug) is logged.</param>
    /// <param name="cancellationToken">The request's token: the call stops when the page goes away.</param>
    public static async Task<IResult> RunAsync(Func<IProgress<ImageCallProgress>, CancellationToken, Task<IReadOnlyList<GalleryItem>>> call, ILogger<ProgressRelay> logger, CancellationToken cancellationToken)
    {
        var relay = new ProgressRelay(logger);
        Task<IReadOnlyList<GalleryItem>> running = relay.CallAsync(call, cancellationToken);

        // The first report comes as the call waits for the rate limit or starts sending: a refusal before that (bad
        // input, a rate-limit wait longer than the SDK takes) is still an HTTP error with its status.
        if (!await relay._events.Reader.WaitToReadAsync(cancellationToken))
        {
            try
            {
                await running;
            }
            catch (Exception ex) when (PageError.From(ex) is { } refused)
            {
                return Results.Json(refused, WebJsonContext.Default.PageError, statusCode: refused.Status);
            }
        }

        return TypedResults.ServerSentEvents(relay.RelayAsync(running));
    }

    /// <summary>Queues the report as a <c>progress</c> event; upload reports at most once per percent (or 64 KB).</summary>
    public void Report(ImageCallProgress value)
    {
        if (value.Phase == ImageCallPhase.Sending && value.BytesSent is { } sent)
        {
            bool last = sent == value.TotalBytes;
            if (sent != 0 && !last && sent - _lastSent < Math.Max(MinUploadStep, (value.TotalBytes ?? 0) / 100))
            {
                return;
            }

            _lastSent = sent;
        }

        _events.Writer.TryWrite(ServerEvents.Event("progress", CallProgress.From(value), WebJsonContext.Default.CallProgress));
    }

    // The call's end (after it has let go of its uploads) completes the events, so the stream's last word follows it.
    private async Task<IReadOnlyList<GalleryItem>> CallAsync(Func<IProgress<ImageCallProgress>, CancellationToken, Task<IReadOnlyList<GalleryItem>>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(this, cancellationToken);
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private async IAsyncEnumerable<SseItem<string>> RelayAsync(Task<IReadOnlyList<GalleryItem>> running, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (SseItem<string> item in _events.Reader.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }

        IReadOnlyList<GalleryItem> items;
        PageError? failure = null;
        try
        {
            items = await running;
        }
        catch (Exception ex) when ((failure = PageError.From(ex)) is not null || Unexpected(ex, out failure))
        {
            items = [];
        }

        if (failure is not null)
        {
            yield return ServerEvents.Event("error", failure, WebJsonContext.Default.PageError);
        }

        foreach (GalleryItem item in items)
        {
            yield return ServerEvents.Completed(item);
        }
    }

    // The answer already said 200, so a bug still ends the stream with a sentence (the log has the exception), not a cut.
    private bool Unexpected(Exception exception, out PageError error)
    {
        if (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "A call failed after its progress began.");
        }

        error = new PageError(500, "failed", "The app failed on this request; its log says why.");
        return true;
    }
}
