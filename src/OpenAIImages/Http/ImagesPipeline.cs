using System;
using System.IO;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAIImages.Diagnostics;
using OpenAIImages.Internal;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OpenAIImages.Http;

/// <summary>
/// What every call runs through: the client-side rate limiter (images per minute per model, taken once per call before
/// the first attempt), then the attempts, each with its own time limit (the attempt timeout, or what is left of the
/// overall timeout's deadline), and between them Polly's retries (exponential backoff with jitter, or the delay the
/// server asks for). Each attempt sends through the <see cref="ImagesTransport"/> and then reads the answer; once a
/// success status has arrived, nothing is retried, since the images were already made and paid for.
/// </summary>
/// <remarks>
/// <para>
/// The first attempt runs straight away; only a failure worth retrying enters the Polly retry pipeline, whose first
/// outcome is that failure (replayed, not sent again). So Polly decides every delay and every further attempt exactly as
/// if it had run the first one, while a call that succeeds at once (nearly all of them) pays for no pipeline, and a
/// client that never retries never builds one: Polly checks its strategies' options with DataAnnotations on building,
/// whose first use costs tens of milliseconds.
/// </para>
/// <para>Delays, time limits and the deadline run on the options' <see cref="TimeProvider"/>, so on a fake clock in tests.</para>
/// </remarks>
internal sealed class ImagesPipeline
{
    // One key for the whole state of a call: a single property set per call, and no boxed flags.
    private static readonly ResiliencePropertyKey<CallState?> StateKey = new("OpenAIImages.CallState");

    // What is left of the deadline is given to an attempt as at least this much, so the attempt times out at once.
    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(1);

    private readonly ImagesClientOptions _options;

    // The limiter, when any limit is configured (they are read once, at construction); null keeps it out of every call.
    private readonly ImageRateLimiter? _limiter;

    // The limiter, when it paces calls by the service's rate-limit headers; each attempt's response is shown to it.
    private readonly ImageRateLimiter? _pacer;

#if NET
    // Whether the options' clock is the system's: only then is an attempt timer kept for the next attempt.
    private readonly bool _systemClock;

    // How many spare timers beyond the first are kept for attempts at the same time.
    private const int MoreSpareTimers = 63;

    // One spare attempt timer, reused by the next attempt (as Polly's timeout strategy pools its own): calls one after
    // another allocate no timer, token source or registration list each (HttpClient's linked token registers on it).
    private CancellationTokenSource? _spareTimer;

    // The spares of attempts at the same time, under their lock, taken only when the one spare above is not there.
    private readonly CancellationTokenSource[] _moreSpareTimers = new CancellationTokenSource[MoreSpareTimers];
    private int _moreSpareCount;
#endif

    // The retries, built when a call first needs one; null when retries are off.
    private readonly Lazy<ResiliencePipeline>? _retries;
    private readonly ILogger _logger;

    /// <summary>Sets up the pipeline from a snapshot of the options, which it keeps.</summary>
    public ImagesPipeline(ImagesClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
#if NET
        _systemClock = ReferenceEquals(options.TimeProvider, TimeProvider.System);
#endif
        Telemetry = new OperationTelemetry(options);
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

    /// <summary>Gets what starts each operation's activity and metrics, for the server these options name.</summary>
    public OperationTelemetry Telemetry { get; }

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
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, State(args.Context), args.Context.CancellationToken)),
                DelayGenerator = static args => new ValueTask<TimeSpan?>((args.Outcome.Exception as ImagesApiException)?.RetryAfter),
                OnRetry = OnRetry,
            })
            .Build();
    }

    /// <summary>Runs a call whose result <paramref name="read"/> completes the operation, inside the operation's telemetry (<see cref="OperationScope"/>) when anything listens.</summary>
    public ValueTask<ImageResult> ExecuteObservedAsync(
        ImageCall call,
        string? prompt,
        ImagesTransport transport,
        Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<ImageResult>> read,
        CancellationToken cancellationToken)
    {
        OperationScope? scope = Telemetry.Start(call, prompt);
        return scope is null ? ExecuteAsync(call, transport, read, cancellationToken) : ExecuteObservedAsync(scope, call, transport, read, cancellationToken);
    }

    private async ValueTask<ImageResult> ExecuteObservedAsync(
        OperationScope scope,
        ImageCall call,
        ImagesTransport transport,
        Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<ImageResult>> read,
        CancellationToken cancellationToken)
    {
        using (scope)
        {
            try
            {
                ImageResult result = await ExecuteAsync(call, transport, read, cancellationToken).ConfigureAwait(false);
                scope.Succeeded(result);
                return result;
            }
            catch (Exception ex)
            {
                scope.Failed(ex);
                throw;
            }
        }
    }

    /// <summary>Runs the call: each attempt sends through <paramref name="transport"/>, then <paramref name="read"/> turns the success response into the result (and disposes it, unless the result owns it).</summary>
    /// <remarks>
    /// A call that succeeds at its first attempt runs one async method (<see cref="AttemptAsync"/>), which sends, checks
    /// and reads inline: over a real connection that is one state machine boxed per call, not one per layer; with an
    /// in-process handler that completes at once, none. Every failure comes out of the returned task, never out of
    /// this method itself.
    /// </remarks>
    public ValueTask<T> ExecuteAsync<T>(
        ImageCall call,
        ImagesTransport transport,
        Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<T>> read,
        CancellationToken cancellationToken)
    {
        // The overall timeout is a deadline, not a timer of its own: each attempt's timer runs to the attempt timeout or to
        // the deadline, whichever comes first, and a retry delay or rate-limit wait that would pass it is refused at once.
        // The clock is read once here: until the limiter waits or an attempt ends, all the deadline is left.
        TimeProvider time = _options.TimeProvider;
        bool timed = TimeLimit.Applies(_options.Timeout);
        long deadline = timed ? time.GetTimestamp() + (long)(_options.Timeout.TotalSeconds * time.TimestampFrequency) : 0L;
        var state = new CallState(call, deadline) { AtStart = true };
        if (_limiter is not null)
        {
            ValueTask acquire;
            bool waits;
            try
            {
                // Read once: whether it completed decides both the quick path and the wait below.
                acquire = _limiter.AcquireAsync(call, timed ? _options.Timeout : null, _options.Timeout, _logger, cancellationToken);
                waits = !acquire.IsCompletedSuccessfully;
                if (!waits)
                {
                    acquire.GetAwaiter().GetResult();
                }
            }
            catch (Exception ex)
            {
                return new ValueTask<T>(Task.FromException<T>(ex));
            }

            if (waits)
            {
                // A wait (or a store answering later) took time: the first attempt reads the clock for what is left.
                state.AtStart = false;
                return AfterLimiterAsync(acquire, state, transport, read, cancellationToken);
            }
        }

        return AttemptAsync(state, transport, read, cancellationToken, first: true);
    }

    private async ValueTask<T> AfterLimiterAsync<T>(
        ValueTask acquire,
        CallState state,
        ImagesTransport transport,
        Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<T>> read,
        CancellationToken cancellationToken)
    {
        await acquire.ConfigureAwait(false);
        return await AttemptAsync(state, transport, read, cancellationToken, first: true).ConfigureAwait(false);
    }

    // One attempt, within its time limit: sent, checked, then read; the limit's expiry is a TimeoutRejectedException.
    // The first attempt (first: true) is also where the call ends: a failure worth retrying goes on to Polly's retries,
    // any other becomes the call's exception (Outcome). A later attempt, run by Polly, lets its failure go to Polly.
    private async ValueTask<T> AttemptAsync<T>(
        CallState state,
        ImagesTransport transport,
        Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<T>> read,
        CancellationToken cancellationToken,
        bool first)
    {
        ExceptionDispatchInfo failure;
        try
        {
            TimeSpan limit = AttemptLimit(state, out bool overall);
            if (overall && limit <= TimeSpan.Zero)
            {
                // The deadline passed before this attempt could start: nothing is sent.
                state.OverallTimeout = true;
                throw new TimeoutRejectedException("The call's deadline passed before this attempt.");
            }

            // One timer per attempt, on the options' clock, cancelled too when the caller cancels. What is left of the
            // deadline is given as at least MinimumAttempt, so the attempt times out at once.
            CancellationTokenSource? timer = TimeLimit.Applies(limit) ? RentTimer(overall && limit < MinimumAttempt ? MinimumAttempt : limit) : null;
            CancellationToken token = timer?.Token ?? cancellationToken;
            CancellationTokenRegistration link = timer is null ? default : Link(cancellationToken, timer);
            try
            {
                ImageCall call = state.Call;
                ValueTask<string> authorization = transport.AuthorizationAsync(token);
                HttpRequestMessage request = transport.CreateRequest(call, authorization.IsCompletedSuccessfully ? authorization.Result : await authorization.ConfigureAwait(false));
                long started = transport.LogStart(out bool logged);
                HttpResponseMessage response;
                try
                {
                    response = await transport.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (transport.ConnectionFailure(call, ex, token) is { } connection)
                {
                    throw connection;
                }
                finally
                {
                    request.Dispose();
                }

                ValueTask<HttpResponseMessage> checking = transport.CheckAsync(call, response, logged, started, _pacer, token);
                response = checking.IsCompletedSuccessfully ? checking.Result : await checking.ConfigureAwait(false);
                state.Answered = true;
                return await read(response, call, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timer is not null && timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                state.OverallTimeout |= overall;
                throw new TimeoutRejectedException($"The attempt timed out after {limit.TotalSeconds:0.###} s.", limit, ex);
            }
            finally
            {
                link.Dispose();
                if (timer is not null)
                {
                    ReturnTimer(timer);
                }
            }
        }
        catch (Exception ex) when (first && _retries is not null && ShouldRetry(ex, state, cancellationToken))
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }
        catch (Exception ex) when (first && Outcome(ex, state, cancellationToken) is { } outcome)
        {
            throw outcome;
        }

        // Only a first attempt that failed in a way worth retrying gets here.
        return await RetryAsync(state, failure, transport, read, cancellationToken).ConfigureAwait(false);
    }

    // Polly's retries, whose first outcome is the first attempt's failure, replayed; their end is the call's end.
    private async ValueTask<T> RetryAsync<T>(
        CallState state,
        ExceptionDispatchInfo failure,
        ImagesTransport transport,
        Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<T>> read,
        CancellationToken cancellationToken)
    {
        // Pooled contexts may come back with the properties of an earlier call: the state is set afresh.
        state.Replay = failure;
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(StateKey, state);
            return await _retries!.Value.ExecuteAsync(RetryAttemptAsync, context, (transport, read)).ConfigureAwait(false);
        }
        catch (Exception ex) when (Outcome(ex, state, cancellationToken) is { } outcome)
        {
            throw outcome;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // An attempt after the first, in Polly's retry; the first time, the first attempt's failure is replayed instead.
    private ValueTask<T> RetryAttemptAsync<T>(ResilienceContext context, (ImagesTransport Transport, Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<T>> Read) args)
    {
        CallState state = State(context);
        if (state.Replay is { } failure)
        {
            state.Replay = null;
            failure.Throw();
        }

        return AttemptAsync(state, args.Transport, args.Read, context.CancellationToken, first: false);
    }

    // What a failure that ends the call becomes: a time limit an ImagesTimeoutException, a retryable failure after the
    // caller cancelled a cancellation; null for one that goes out as it is.
    private Exception? Outcome(Exception ex, CallState state, CancellationToken cancellationToken)
    {
        string operation = state.Call.Operation;
        if (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException && IsRetryable(ex))
        {
            // The caller cancelled while this failure was on its way to a retry: the call ends as cancelled, as it would a moment later.
            return new OperationCanceledException($"The {operation} request was cancelled by the caller; its last attempt had failed with a retryable error.", ex, cancellationToken);
        }

        switch (ex)
        {
            case TimeoutRejectedException:
                bool overall = state.OverallTimeout;
                TimeSpan limit = overall ? _options.Timeout : _options.AttemptTimeout;
                string which = overall ? "ImagesClientOptions.Timeout" : "ImagesClientOptions.AttemptTimeout, on the last attempt";
                return new ImagesTimeoutException($"The {operation} request timed out after {limit.TotalSeconds:0.###} s ({which}).", limit, !overall, ex);
            case DeadlineWaitException wait:
                return new ImagesTimeoutException(
                    $"The {operation} request would pass ImagesClientOptions.Timeout ({_options.Timeout.TotalSeconds:0.###} s) waiting {wait.Wait.TotalSeconds:0.###} s before its next attempt; nothing more was sent.",
                    _options.Timeout,
                    false,
                    wait.InnerException);
            case OperationCanceledException { InnerException: TimeoutException } when !cancellationToken.IsCancellationRequested:
                return new ImagesTimeoutException($"The {operation} request timed out: the HttpClient's own Timeout was reached on the last attempt.", Timeout.InfiniteTimeSpan, true, ex);
            default:
                return null;
        }
    }

    // The caller's cancellation cancels the attempt's timer too.
    private static CancellationTokenRegistration Link(CancellationToken cancellationToken, CancellationTokenSource timer) =>
#if NET
        cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timer);
#else
        cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), timer);
#endif

    // A timer armed for the attempt: a spare one when there is one (reset by the attempt before), else a new one.
    private CancellationTokenSource RentTimer(TimeSpan limit)
    {
#if NET
        if (!_systemClock)
        {
            // Not kept: a token source reset and re-armed with CancelAfter would run on the system clock, not this one.
            return new CancellationTokenSource(limit, _options.TimeProvider);
        }

        CancellationTokenSource? spare = Interlocked.Exchange(ref _spareTimer, null);
        if (spare is null && Volatile.Read(ref _moreSpareCount) > 0)
        {
            lock (_moreSpareTimers)
            {
                if (_moreSpareCount > 0)
                {
                    spare = _moreSpareTimers[--_moreSpareCount];
                    _moreSpareTimers[_moreSpareCount] = null!;
                }
            }
        }

        if (spare is not null)
        {
            if (!spare.IsCancellationRequested)
            {
                spare.CancelAfter(limit);
                return spare;
            }

            spare.Dispose();
        }

        return new CancellationTokenSource(limit);
#else
        return _options.TimeProvider.CreateCancellationTokenSource(limit);
#endif
    }

    // A system-clock timer that never fired is kept as a spare (its registrations dropped); any other is disposed.
    private void ReturnTimer(CancellationTokenSource timer)
    {
#if NET
        if (_systemClock && timer.TryReset())
        {
            if (Interlocked.CompareExchange(ref _spareTimer, timer, null) is null)
            {
                return;
            }

            lock (_moreSpareTimers)
            {
                if (_moreSpareCount < MoreSpareTimers)
                {
                    _moreSpareTimers[_moreSpareCount++] = timer;
                    return;
                }
            }
        }
#endif
        timer.Dispose();
    }

    // An attempt may take until the attempt timeout or the call's deadline, whichever is sooner; the flag says which.
    // A deadline already passed gives zero: the attempt sends nothing. The first attempt of a call that did not wait for
    // the limiter starts as the deadline was set, with all of it left; any later one reads the clock.
    private TimeSpan AttemptLimit(CallState state, out bool overall)
    {
        TimeSpan limit = _options.AttemptTimeout;
        overall = false;
        TimeSpan? left = state.AtStart ? (state.Deadline == 0 ? null : _options.Timeout) : Remaining(state.Deadline);
        state.AtStart = false;
        if (left is { } remaining && (limit == Timeout.InfiniteTimeSpan || remaining <= limit))
        {
            overall = true;
            return remaining;
        }

        return limit;
    }

    // A delay that would pass the deadline is not waited: the call ends now, as the attempt after it could not be sent.
    private ValueTask OnRetry(OnRetryArguments<object> args)
    {
        if (Remaining(State(args.Context).Deadline) is { } remaining && args.RetryDelay >= remaining)
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

    private bool ShouldRetry(Exception? exception, CallState state, CancellationToken cancellationToken)
    {
        // Asked of every outcome, successes too: a success answers without a look at the call's state.
        if (exception is null)
        {
            return false;
        }

        bool callOver = cancellationToken.IsCancellationRequested || state.OverallTimeout || state.Answered;
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

    /// <summary>What the attempts and the retries of one call tell each other, set afresh for every call.</summary>
    private sealed class CallState(ImageCall call, long deadline)
    {
        public ImageCall Call { get; } = call;

        /// <summary>Gets when the call's overall timeout runs out, as a TimeProvider timestamp; 0 without one.</summary>
        public long Deadline { get; } = deadline;

        /// <summary>Gets or sets whether the limit that ended the call was the overall one.</summary>
        public bool OverallTimeout { get; set; }

        /// <summary>Gets or sets whether no time has been spent since the deadline was set (the limiter did not wait, no attempt has run).</summary>
        public bool AtStart { get; set; }

        /// <summary>Gets or sets whether a success status arrived: from here on, a failure is never retried.</summary>
        public bool Answered { get; set; }

        /// <summary>Gets or sets the first attempt's failure, for Polly's retry to meet as its own first outcome; null once it has.</summary>
        public ExceptionDispatchInfo? Replay { get; set; }
    }

    /// <summary>Ends the call from inside the retry strategy when its next delay would pass the deadline.</summary>
    private sealed class DeadlineWaitException(TimeSpan wait, Exception? lastFailure)
        : Exception("The next attempt's delay would pass the call's deadline.", lastFailure)
    {
        public TimeSpan Wait { get; } = wait;
    }
}
