using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAIImages.Diagnostics;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OpenAIImages.Http;

/// <summary>
/// What every call runs through, outermost first: the client-side rate limiter (images per minute per model, taken once
/// per call before the first attempt), then the Polly pipeline of retries (Polly's exponential backoff with jitter, or
/// the delay the server asks for) and the per-attempt timeout; the overall timeout is a deadline every step respects. Each attempt sends through the
/// <see cref="ImagesTransport"/> and then reads the answer; once a success status has arrived, nothing is retried,
/// since the images were already made and paid for.
/// </summary>
/// <remarks>Built on Polly v8 with the options' <see cref="TimeProvider"/>, so delays and timeouts run on a fake clock in tests.</remarks>
internal sealed class ImagesPipeline
{
    // One key for the whole state of a call: a single property set per call, and no boxed flags.
    private static readonly ResiliencePropertyKey<CallState?> StateKey = new("OpenAIImages.CallState");

    // What is left of the deadline is given to an attempt as at least this much, so the attempt times out at once.
    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(1);

    private readonly ImagesClientOptions _options;
    private readonly bool _usesDeadline;

    // The limiter, when any limit is configured (they are read once, at construction); null keeps it out of every call.
    private readonly ImageRateLimiter? _limiter;

    // The limiter, when it paces calls by the service's rate-limit headers; each attempt's response is shown to it.
    private readonly ImageRateLimiter? _pacer;
    // Built on the thread pool while the first call validates and writes its request: Polly checks each strategy's
    // options with DataAnnotations, whose first use costs tens of milliseconds that a cold start need not wait for, and
    // the pipeline's own code is compiled by a run that sends nothing (see BuildAsync).
    private readonly Task<ResiliencePipeline> _pipeline;
    private readonly ILogger _logger;

    /// <summary>Starts building the pipeline from a snapshot of the options, which it keeps.</summary>
    public ImagesPipeline(ImagesClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Telemetry = new OperationTelemetry(options);

        // The overall timeout is a deadline, not a timer of its own: each attempt's timer runs to the attempt timeout or
        // to the deadline, whichever comes first, and a retry delay or rate-limit wait that would pass the deadline is
        // refused at once. A call runs one timer. With no retries and no limiter a call is one attempt with nothing
        // before it, so that timer is simply the shorter of the two limits, fixed when the pipeline is built.
        bool hasLimiter = options.RateLimits.ImagesPerMinute.Count > 0 || options.RateLimits.Store is not null;
        _usesDeadline = options.Timeout != Timeout.InfiniteTimeSpan && (options.Retry.MaxRetries > 0 || hasLimiter);

        if (hasLimiter)
        {
            _limiter = new ImageRateLimiter(options.RateLimits, options.TimeProvider);
            _pacer = options.RateLimits.PaceByServerHeaders ? _limiter : null;
        }

        _pipeline = Task.Run(BuildAsync);
    }

    /// <summary>Gets what starts each operation's activity and metrics, for the server these options name.</summary>
    public OperationTelemetry Telemetry { get; }

    // Builds the pipeline, then runs it once around an attempt that sends nothing and succeeds at once (so nothing is
    // retried, logged or measured): the first real call then finds Polly's code for these strategies compiled. The run
    // has the shape of a real call (a reference-type result, a state of four references), whose compiled code it shares.
    private async Task<ResiliencePipeline> BuildAsync()
    {
        ResiliencePipeline pipeline = Build();
        ResilienceContext context = ResilienceContextPool.Shared.Get();
        try
        {
            context.Properties.Set(StateKey, new CallState(null!, 0L));
            await pipeline.ExecuteAsync(static (_, _) => new ValueTask<string>(string.Empty), context, ((object?)null, (object?)null, (object?)null, (object?)null)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A warm-up only: whatever it met, the pipeline itself was built, and real calls report their own failures.
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return pipeline;
    }

    private ResiliencePipeline Build()
    {
        ImagesClientOptions options = _options;
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        ImagesRetryOptions retry = options.Retry;
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retry.UseJitter,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context)),
                DelayGenerator = static args => new ValueTask<TimeSpan?>((args.Outcome.Exception as ImagesApiException)?.RetryAfter),
                OnRetry = OnRetry,
            });
        }

        if (_usesDeadline)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = AttemptLimit, OnTimeout = OnAttemptTimeout });
        }
        else if (options.Timeout != Timeout.InfiniteTimeSpan && (options.AttemptTimeout == Timeout.InfiniteTimeSpan || options.Timeout <= options.AttemptTimeout))
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout, OnTimeout = MarkOverallTimeout });
        }
        else if (options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(options.AttemptTimeout);
        }

        return builder.Build();
    }

    /// <summary>Runs a call whose result <paramref name="read"/> completes the operation, inside the operation's telemetry (<see cref="OperationScope"/>).</summary>
    public async ValueTask<ImageResult> ExecuteObservedAsync(
        ImageCall call,
        string? prompt,
        ImagesTransport transport,
        Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<ImageResult>> read,
        CancellationToken cancellationToken)
    {
        using OperationScope? scope = Telemetry.Start(call, prompt);
        try
        {
            ImageResult result = await ExecuteAsync(call, transport, read, cancellationToken).ConfigureAwait(false);
            scope?.Succeeded(result);
            return result;
        }
        catch (Exception ex) when (scope is not null)
        {
            scope.Failed(ex);
            throw;
        }
    }

    /// <summary>Runs the call: each attempt sends through <paramref name="transport"/>, then <paramref name="read"/> turns the success response into the result (and disposes it, unless the result owns it).</summary>
    /// <remarks>ValueTask all the way down: a call that completes synchronously (an in-process handler) allocates no tasks here.</remarks>
    public async ValueTask<T> ExecuteAsync<T>(
        ImageCall call,
        ImagesTransport transport,
        Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<T>> read,
        CancellationToken cancellationToken)
    {
        TimeProvider time = _options.TimeProvider;
        long deadline = _usesDeadline ? time.GetTimestamp() + (long)(_options.Timeout.TotalSeconds * time.TimestampFrequency) : 0L;
        if (_limiter is not null)
        {
            await AcquireAsync(_limiter, call, deadline, cancellationToken).ConfigureAwait(false);
        }

        // Built by now on any call but the first few; the options were checked before, so building does not fail.
        ResiliencePipeline pipeline = _pipeline.IsCompleted ? _pipeline.GetAwaiter().GetResult() : await _pipeline.ConfigureAwait(false);

        // Pooled contexts may come back with the properties of an earlier call: the state is set afresh.
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, new CallState(call, deadline));

        try
        {
            return await pipeline.ExecuteAsync(AttemptAsync, context, (call, transport, read, _pacer)).ConfigureAwait(false);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException && IsRetryable(ex))
        {
            // The caller cancelled while this failure was on its way to a retry: the call ends as cancelled, as it would a moment later.
            throw new OperationCanceledException($"The {call.Operation} request was cancelled by the caller; its last attempt had failed with a retryable error.", ex, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            bool overall = State(context).OverallTimeout;
            TimeSpan limit = overall ? _options.Timeout : _options.AttemptTimeout;
            string which = overall ? "ImagesClientOptions.Timeout" : "ImagesClientOptions.AttemptTimeout, on the last attempt";
            throw new ImagesTimeoutException($"The {call.Operation} request timed out after {limit.TotalSeconds:0.###} s ({which}).", limit, !overall, ex);
        }
        catch (DeadlineWaitException ex)
        {
            throw new ImagesTimeoutException(
                $"The {call.Operation} request would pass ImagesClientOptions.Timeout ({_options.Timeout.TotalSeconds:0.###} s) waiting {ex.Wait.TotalSeconds:0.###} s before its next attempt; nothing more was sent.",
                _options.Timeout,
                false,
                ex.InnerException);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException)
        {
            throw new ImagesTimeoutException($"The {call.Operation} request timed out: the HttpClient's own Timeout was reached on the last attempt.", Timeout.InfiniteTimeSpan, true, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static async ValueTask<T> AttemptAsync<T>(
        ResilienceContext context,
        (ImageCall Call, ImagesTransport Transport, Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<T>> Read, ImageRateLimiter? Pacer) state)
    {
        CallState callState = State(context);
        if (callState.DeadlineReached)
        {
            // The deadline passed before this attempt could start: nothing is sent.
            callState.OverallTimeout = true;
            throw new TimeoutRejectedException("The call's deadline passed before this attempt.");
        }

        HttpResponseMessage response = await state.Transport.SendAsync(state.Call, context.CancellationToken, state.Pacer).ConfigureAwait(false);
        callState.Answered = true;
        return await state.Read(response, state.Call, context.CancellationToken).ConfigureAwait(false);
    }

    // An attempt may take until the attempt timeout or the call's deadline, whichever is sooner.
    private ValueTask<TimeSpan> AttemptLimit(TimeoutGeneratorArguments args)
    {
        TimeSpan limit = _options.AttemptTimeout;
        bool overall = false;
        if (Remaining(args.Context) is { } remaining && (limit == Timeout.InfiniteTimeSpan || remaining <= limit))
        {
            limit = remaining > MinimumAttempt ? remaining : MinimumAttempt;
            overall = true;
            if (remaining <= TimeSpan.Zero)
            {
                State(args.Context).DeadlineReached = true; // once reached, the attempt sends nothing
            }
        }

        State(args.Context).AttemptIsOverall = overall;
        return new ValueTask<TimeSpan>(limit);
    }

    // A delay that would pass the deadline is not waited: the call ends now, as the attempt after it could not be sent.
    private ValueTask OnRetry(OnRetryArguments<object> args)
    {
        if (Remaining(args.Context) is { } remaining && args.RetryDelay >= remaining)
        {
            State(args.Context).OverallTimeout = true;
            throw new DeadlineWaitException(args.RetryDelay, args.Outcome.Exception);
        }

        string operation = State(args.Context).Call.Operation;
        Log.RetryScheduled(_logger, operation, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Reason(args.Outcome.Exception));
        PipelineEvents.Retrying(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
        return default;
    }

    // What is left until the call's deadline (never negative), or null without one.
    private TimeSpan? Remaining(ResilienceContext context) => Remaining(State(context).Deadline);

    private TimeSpan? Remaining(long deadline)
    {
        if (deadline == 0)
        {
            return null;
        }

        TimeProvider time = _options.TimeProvider;
        TimeSpan remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private static CallState State(ResilienceContext context) => context.Properties.GetValue(StateKey, null)!;

    private static ValueTask MarkOverallTimeout(OnTimeoutArguments args)
    {
        State(args.Context).OverallTimeout = true;
        return default;
    }

    private static ValueTask OnAttemptTimeout(OnTimeoutArguments args)
    {
        CallState callState = State(args.Context);
        callState.OverallTimeout |= callState.AttemptIsOverall;
        return default;
    }

    // Takes the call's images before its first attempt; a wait longer than RateLimits.MaxWait, or past the deadline, ends the call unsent.
    private async ValueTask AcquireAsync(ImageRateLimiter limiter, ImageCall call, long deadline, CancellationToken cancellationToken)
    {
        TimeSpan? remaining = Remaining(deadline);
        if (await limiter.AcquireAsync(call, remaining, _logger, cancellationToken).ConfigureAwait(false) is not { } refused)
        {
            return;
        }

        if (refused <= _options.RateLimits.MaxWait)
        {
            // Refused though within MaxWait: the wait would pass the deadline.
            throw new ImagesTimeoutException($"The {call.Operation} request would pass ImagesClientOptions.Timeout ({_options.Timeout.TotalSeconds:0.###} s) waiting for the client-side rate limit; nothing was sent.", _options.Timeout, false, null);
        }

        string model = call.Model ?? "(none)";
        int limit = call.Model is not null && _options.RateLimits.ImagesPerMinute.TryGetValue(call.Model, out int perMinute) ? perMinute : 0;
        string why = limit > 0
            ? $"The client-side limit of {limit} images per minute for {model}"
            : $"The service's rate-limit headers (x-ratelimit-remaining-* of 0) for {model}";
        throw new ImagesClientRateLimitException(
            $"{why} would make this call wait about {refused.TotalSeconds:0.#} s, more than RateLimits.MaxWait ({_options.RateLimits.MaxWait.TotalSeconds:0.#} s); nothing was sent.",
            model,
            refused);
    }

    private bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        // Asked of every outcome, successes too: a success answers without a look at the call's state.
        if (exception is null)
        {
            return false;
        }

        CallState callState = State(context);
        bool callOver = context.CancellationToken.IsCancellationRequested || callState.OverallTimeout || callState.Answered;
        return !callOver && IsRetryable(exception);
    }

    private bool IsRetryable(Exception exception)
    {
        return exception switch
        {
            ImagesApiException api => (api.ServerShouldRetry ?? IsTransient(api.Status)) && !(api.RetryAfter > _options.Retry.MaxServerDelay),
            // The transport and the reader type every connection failure, so raw HttpRequestException/IOException never get here.
            ImagesConnectionException or TimeoutRejectedException => true,
            OperationCanceledException { InnerException: TimeoutException } => true,
            _ => false,
        };
    }

    private static bool IsTransient(int status) => status is 408 or 409 or 429 or 500 or 502 or 503 or 504;

    private static string Reason(Exception? exception) => exception switch
    {
        ImagesApiException api => $"status {api.Status}{(api.ErrorCode is null ? string.Empty : " (" + api.ErrorCode + ")")}",
        TimeoutRejectedException => "the attempt timed out",
        ImagesConnectionException { InnerException: { } cause } => cause.GetType().Name + ": " + Internal.Redaction.Text(cause.Message, null),
        null => "unknown",
        _ => exception.GetType().Name + ": " + exception.Message,
    };

    /// <summary>What the strategies of one call tell each other, set afresh for every call.</summary>
    private sealed class CallState(ImageCall call, long deadline)
    {
        public ImageCall Call { get; } = call;

        /// <summary>Gets when the call's overall timeout runs out, as a TimeProvider timestamp; 0 without one.</summary>
        public long Deadline { get; } = deadline;

        /// <summary>Gets or sets whether the deadline has passed, or a wait would pass it: the next attempt is not sent.</summary>
        public bool DeadlineReached { get; set; }

        /// <summary>Gets or sets whether the current attempt's time limit is what is left of the deadline, so its expiry is the call's.</summary>
        public bool AttemptIsOverall { get; set; }

        /// <summary>Gets or sets whether the limit that ended the call was the overall one.</summary>
        public bool OverallTimeout { get; set; }

        /// <summary>Gets or sets whether a success status arrived: from here on, a failure is never retried.</summary>
        public bool Answered { get; set; }
    }

    /// <summary>Ends the call from inside the retry strategy when its next delay would pass the deadline.</summary>
    private sealed class DeadlineWaitException(TimeSpan wait, Exception? lastFailure)
        : Exception("The next attempt's delay would pass the call's deadline.", lastFailure)
    {
        public TimeSpan Wait { get; } = wait;
    }
}
