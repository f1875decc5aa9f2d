using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAIImages.Diagnostics;

namespace OpenAIImages.Pipeline;

/// <summary>
/// Sends a call and returns its success answer, unread. In order: the call's deadline
/// (<see cref="ImagesClientOptions.Timeout"/>) is set; the client-side rate limiter takes the call's images (once per
/// call); the retry loop runs every attempt (exponential backoff with full jitter, or the delay the server asks for);
/// each attempt runs under its own <see cref="AttemptTimer"/> and sends through the <see cref="ImagesTransport"/>.
/// </summary>
/// <remarks>
/// The pipeline knows nothing of reading: once a success status has arrived it returns, so a failure while reading a
/// paid answer can never be retried. An error status is the transport's <see cref="ImagesApiException"/>, a failed
/// connection an <see cref="ImagesConnectionException"/>, a limit that ran out an <see cref="ImagesTimeoutException"/>.
/// Delays, time limits and the deadline run on the options' <see cref="TimeProvider"/>, so on a fake clock in tests.
/// The retry is a loop of our own, shaped as Polly's <c>RetryResilienceStrategy</c> (attempt, should handle?, delay,
/// on-retry event, wait, again): running every call through Polly's pipeline cost a small call about a fifth of a raw
/// call's time, and building it a cold process tens of milliseconds (the benchmarks' small-call and cold-start rows).
/// </remarks>
internal sealed class ImagesPipeline
{
    private readonly ImagesClientOptions _options;
    private readonly ILogger _logger;

    // The limiter, when any limit is configured; null keeps it out of every call.
    private readonly ImageRateLimiter? _limiter;

    // The limiter again when it paces calls by the service's rate-limit headers: each answer is shown to it.
    private readonly ImageRateLimiter? _pacer;


    public ImagesPipeline(ImagesClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        if (options.RateLimits.ImagesPerMinute.Count > 0 || options.RateLimits.Store is not null)
        {
            _limiter = new ImageRateLimiter(options.RateLimits, options.TimeProvider);
            _pacer = options.RateLimits.PaceByServerHeaders ? _limiter : null;
        }
    }

    /// <summary>Sends the call, retrying what is worth it, and returns the success answer for the caller to read and dispose.</summary>
    /// <exception cref="OperationCanceledException">The caller cancelled; a call cancelled before it starts sends nothing and takes no permit.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error status (after the retries it deserved).</exception>
    /// <exception cref="ImagesConnectionException">The server could not be reached.</exception>
    /// <exception cref="ImagesTimeoutException">An attempt or the whole call ran out of time, or a wait would pass the deadline.</exception>
    /// <exception cref="ImagesClientRateLimitException">The client-side rate limit would make the call wait longer than allowed.</exception>
    /// <exception cref="ImagesCredentialException">The key or token provider failed or gave an unusable value.</exception>
    public async ValueTask<ImagesResponse> SendAsync(ImageCall call, ImagesTransport transport, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CallDeadline deadline = CallDeadline.Start(_options);
        if (_limiter is not null)
        {
            await AcquireAsync(call, deadline, cancellationToken).ConfigureAwait(false);
        }

        for (int retry = 0; ; retry++)
        {
            try
            {
                return await AttemptAsync(call, transport, deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (retry < _options.Retry.MaxRetries && ShouldRetry(ex, cancellationToken))
            {
                TimeSpan delay = (ex as ImagesApiException)?.RetryAfter ?? Backoff(retry);
                if (deadline.Remaining() is { } remaining && delay >= remaining)
                {
                    // A delay that would pass the deadline is not waited: the call ends now, as the attempt after it could not be sent.
                    throw new ImagesTimeoutException(
                        $"The {call.Operation} request would pass ImagesClientOptions.Timeout ({_options.Timeout.TotalSeconds:0.###} s) waiting {delay.TotalSeconds:0.###} s before its next attempt; nothing more was sent.",
                        _options.Timeout,
                        false,
                        ex);
                }

                Log.RetryScheduled(_logger, call.Operation, retry + 1, delay.TotalMilliseconds, Log.Reason(ex));
                PipelineEvents.Retrying(retry + 1, delay, ex);
                await DelayAsync(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException && ImagesRetryPredicates.IsTransient(ex))
            {
                // The caller cancelled while this failure was on its way to a retry: the call ends as cancelled, as it would a moment later.
                throw new OperationCanceledException($"The {call.Operation} request was cancelled by the caller; its last attempt had failed with a retryable error.", ex, cancellationToken);
            }
        }
    }

    // The client-side limit. The in-process store answers at once or waits no longer than the deadline allows; a shared
    // store (Redis) that does not answer is not waited for past the call's deadline.
    private async ValueTask AcquireAsync(ImageCall call, CallDeadline deadline, CancellationToken cancellationToken)
    {
        if (_options.RateLimits.Store is null)
        {
            await _limiter!.AcquireAsync(call, deadline.Remaining(), _options.Timeout, _logger, cancellationToken).ConfigureAwait(false);
            return;
        }

        using AttemptTimer wait = AttemptTimer.UntilDeadline(call.Operation, _options, deadline, cancellationToken);
        try
        {
            await _limiter!.AcquireAsync(call, deadline.Remaining(), _options.Timeout, _logger, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (wait.Expired)
        {
            throw wait.TimedOut(ex);
        }
    }

    // One attempt: a timer, the send, and the answer handed back with the timer still running for its read.
    private async ValueTask<ImagesResponse> AttemptAsync(ImageCall call, ImagesTransport transport, CallDeadline deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        AttemptTimer timer = AttemptTimer.Start(call.Operation, _options, deadline, cancellationToken);
        try
        {
            HttpResponseMessage response = await transport.SendAsync(call, _pacer, timer.Token).ConfigureAwait(false);
            return new ImagesResponse(response, transport.RequestIdOf(response), timer);
        }
        catch (OperationCanceledException ex) when (timer.Expired)
        {
            timer.Dispose();
            throw timer.TimedOut(ex);
        }
        catch (OperationCanceledException ex) when (ex.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            timer.Dispose();
            throw new ImagesTimeoutException($"The {call.Operation} request timed out: the HttpClient's own Timeout was reached on the last attempt.", System.Threading.Timeout.InfiniteTimeSpan, true, ex);
        }
        catch
        {
            timer.Dispose();
            throw;
        }
    }

    private bool ShouldRetry(Exception failure, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && ImagesRetryPredicates.IsTransient(failure)
        && !((failure as ImagesApiException)?.RetryAfter > _options.Retry.MaxServerDelay);

    // Exponential from BaseDelay, capped at MaxDelay; with jitter, anywhere from zero to that (full jitter), so clients
    // that failed together do not come back together.
    private TimeSpan Backoff(int retry)
    {
        ImagesRetryOptions options = _options.Retry;
        double exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, retry);
        double capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(options.UseJitter ? capped * NextJitter() : capped);
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
#if NET
        Task.Delay(delay, _options.TimeProvider, cancellationToken);
#else
        _options.TimeProvider.Delay(delay, cancellationToken);
#endif

#if NET
    private static double NextJitter() => Random.Shared.NextDouble();
#else
    private static readonly Random SharedRandom = new();

    // Random is not thread-safe before .NET 6.
    private static double NextJitter()
    {
        lock (SharedRandom)
        {
            return SharedRandom.NextDouble();
        }
    }
#endif
}
