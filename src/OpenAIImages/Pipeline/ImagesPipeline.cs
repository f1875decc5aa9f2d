using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAIImages.Diagnostics;
using Polly;
using Polly.Retry;

namespace OpenAIImages.Pipeline;

/// <summary>
/// Sends a call and returns its success answer, unread. In order: the call's deadline
/// (<see cref="ImagesClientOptions.Timeout"/>) is set; the client-side rate limiter takes the call's images (once per
/// call); Polly's retry runs every attempt (exponential backoff with jitter, or the delay the server asks for); each
/// attempt runs under its own <see cref="AttemptTimer"/> and sends through the <see cref="ImagesTransport"/>.
/// </summary>
/// <remarks>
/// The pipeline knows nothing of reading: once a success status has arrived it returns, so a failure while reading a
/// paid answer can never be retried. An error status is the transport's <see cref="ImagesApiException"/>, a failed
/// connection an <see cref="ImagesConnectionException"/>, a limit that ran out an <see cref="ImagesTimeoutException"/>.
/// Delays, time limits and the deadline run on the options' <see cref="TimeProvider"/>, so on a fake clock in tests.
/// </remarks>
internal sealed class ImagesPipeline
{
    private static readonly ResiliencePropertyKey<string> OperationKey = new("OpenAIImages.Operation");
    private static readonly ResiliencePropertyKey<CallDeadline> DeadlineKey = new("OpenAIImages.Deadline");

    private readonly ImagesClientOptions _options;
    private readonly ILogger _logger;

    // The limiter, when any limit is configured; null keeps it out of every call.
    private readonly ImageRateLimiter? _limiter;

    // The limiter again when it paces calls by the service's rate-limit headers: each answer is shown to it.
    private readonly ImageRateLimiter? _pacer;

    // Polly's retry, built when a call first needs it (Polly validates its options on building, which costs a cold
    // start tens of milliseconds); null when retries are off.
    private readonly Lazy<ResiliencePipeline>? _retries;

    public ImagesPipeline(ImagesClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        if (options.RateLimits.ImagesPerMinute.Count > 0 || options.RateLimits.Store is not null)
        {
            _limiter = new ImageRateLimiter(options.RateLimits, options.TimeProvider);
            _pacer = options.RateLimits.PaceByServerHeaders ? _limiter : null;
        }

        if (options.Retry.MaxRetries > 0)
        {
            _retries = new Lazy<ResiliencePipeline>(BuildRetries, LazyThreadSafetyMode.ExecutionAndPublication);
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
            // A shared store that does not answer is not waited for past the call's deadline.
            using AttemptTimer wait = AttemptTimer.UntilDeadline(call.Operation, _options, deadline, cancellationToken);
            try
            {
                await _limiter.AcquireAsync(call, deadline.Remaining(), _options.Timeout, _logger, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (wait.Expired)
            {
                throw wait.TimedOut(ex);
            }
        }

        if (_retries is null)
        {
            return await AttemptAsync(call, transport, deadline, cancellationToken).ConfigureAwait(false);
        }

        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(OperationKey, call.Operation);
            context.Properties.Set(DeadlineKey, deadline);
            return await _retries.Value.ExecuteAsync(
                static (ctx, state) => state.Pipeline.AttemptAsync(state.Call, state.Transport, state.Deadline, ctx.CancellationToken),
                context,
                (Pipeline: this, Call: call, Transport: transport, Deadline: deadline)).ConfigureAwait(false);
        }
        catch (DeadlineWaitException wait)
        {
            throw new ImagesTimeoutException(
                $"The {call.Operation} request would pass ImagesClientOptions.Timeout ({_options.Timeout.TotalSeconds:0.###} s) waiting {wait.Wait.TotalSeconds:0.###} s before its next attempt; nothing more was sent.",
                _options.Timeout,
                false,
                wait.InnerException);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException && ImagesRetryPredicates.IsTransient(ex))
        {
            // The caller cancelled while this failure was on its way to a retry: the call ends as cancelled, as it would a moment later.
            throw new OperationCanceledException($"The {call.Operation} request was cancelled by the caller; its last attempt had failed with a retryable error.", ex, cancellationToken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
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

    private ResiliencePipeline BuildRetries()
    {
        ImagesRetryOptions retry = _options.Retry;
        return new ResiliencePipelineBuilder { TimeProvider = _options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retry.UseJitter,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context.CancellationToken)),
                DelayGenerator = static args => new ValueTask<TimeSpan?>((args.Outcome.Exception as ImagesApiException)?.RetryAfter),
                OnRetry = OnRetry,
            })
            .Build();
    }

    private bool ShouldRetry(Exception? failure, CancellationToken cancellationToken) =>
        failure is not null
        && !cancellationToken.IsCancellationRequested
        && ImagesRetryPredicates.IsTransient(failure)
        && !((failure as ImagesApiException)?.RetryAfter > _options.Retry.MaxServerDelay);

    // A delay that would pass the deadline is not waited: the call ends now, as the attempt after it could not be sent.
    private ValueTask OnRetry(OnRetryArguments<object> args)
    {
        if (args.Context.Properties.GetValue(DeadlineKey, default).Remaining() is { } remaining && args.RetryDelay >= remaining)
        {
            throw new DeadlineWaitException(args.RetryDelay, args.Outcome.Exception);
        }

        string operation = args.Context.Properties.GetValue(OperationKey, "images");
        Log.RetryScheduled(_logger, operation, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Log.Reason(args.Outcome.Exception));
        PipelineEvents.Retrying(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
        return default;
    }

    /// <summary>Ends the call from inside the retry strategy when its next delay would pass the deadline.</summary>
    private sealed class DeadlineWaitException(TimeSpan wait, Exception? lastFailure)
        : Exception("The next attempt's delay would pass the call's deadline.", lastFailure)
    {
        public TimeSpan Wait { get; } = wait;
    }
}
