using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace OpenAIImages.Http;

/// <summary>
/// The resilience pipeline every call runs through, outermost first: the client-side rate limiter (images per minute per
/// model), retries with backoff or the server's asked delay, and the per-attempt timeout; the overall timeout is a
/// deadline every step respects.
/// </summary>
/// <remarks>Built on Polly v8 with the options' <see cref="TimeProvider"/>, so delays and timeouts run on a fake clock in tests.</remarks>
internal sealed class ImagesPipeline
{
    private static readonly ResiliencePropertyKey<ImageCall?> CallKey = new("OpenAIImages.Call");
    private static readonly ResiliencePropertyKey<bool> OverallTimeoutKey = new("OpenAIImages.OverallTimeout");

    // What is left of the deadline is given to an attempt as at least this much, so the attempt times out at once.
    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(1);

    private readonly ImagesClientOptions _options;
    private readonly bool _hasLimiter;
    private readonly bool _usesDeadline;
    private readonly ImageRateLimiter _limiter;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _deprecationWarnings = new(StringComparer.Ordinal);

    public ImagesPipeline(ImagesClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _limiter = new ImageRateLimiter(options.RateLimits, options.TimeProvider);
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };

        // The overall timeout is a deadline, not a timer of its own: each attempt's timer runs to the attempt timeout or
        // to the deadline, whichever comes first, and a retry delay or rate-limit wait that would pass the deadline is
        // cut short or refused. A call runs one timer. With no retries and no limiter a call is one attempt with nothing
        // before it, so that timer is simply the shorter of the two limits, fixed when the pipeline is built.
        _hasLimiter = options.RateLimits.ImagesPerMinute.Count > 0;
        _usesDeadline = options.Timeout != Timeout.InfiniteTimeSpan && (options.Retry.MaxRetries > 0 || _hasLimiter);

        // No limits configured (they are read once, here): no limiter strategy in the way of every call.
        if (_hasLimiter)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions { RateLimiter = AcquireAsync });
        }

        ImagesRetryOptions retry = options.Retry;
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context)),
                DelayGenerator = RetryDelay,
                OnRetry = args =>
                {
                    string operation = args.Context.Properties.GetValue(CallKey, null)?.Operation ?? "request";
                    Log.RetryScheduled(_logger, operation, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Reason(args.Outcome.Exception));
                    return default;
                },
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

        _pipeline = builder.Build();
    }

    // An attempt may take until the attempt timeout or the call's deadline, whichever is sooner.
    private ValueTask<TimeSpan> AttemptLimit(TimeoutGeneratorArguments args)
    {
        ImageCall call = args.Context.Properties.GetValue(CallKey, null)!;
        TimeSpan limit = _options.AttemptTimeout;
        call.AttemptLimitIsOverall = false;
        if (call.Deadline is { } deadline)
        {
            TimeProvider time = _options.TimeProvider;
            TimeSpan remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
            if (limit == Timeout.InfiniteTimeSpan || remaining <= limit)
            {
                limit = remaining > MinimumAttempt ? remaining : MinimumAttempt;
                call.AttemptLimitIsOverall = true;
                call.DeadlineReached |= remaining <= TimeSpan.Zero; // once reached, the attempt callback sends nothing
            }
        }

        return new ValueTask<TimeSpan>(limit);
    }

    // The deadline passed before an attempt could start (a retry delay ran to it): nothing is sent.
    private static TimeoutRejectedException DeadlineReachedException(ResilienceContext context)
    {
        context.Properties.Set(OverallTimeoutKey, true);
        return new TimeoutRejectedException("The call's deadline passed before this attempt.");
    }

    // The server's Retry-After, else exponential backoff (with jitter unless turned off); cut to the time left.
    private ValueTask<TimeSpan?> RetryDelay(RetryDelayGeneratorArguments<object> args)
    {
        ImagesRetryOptions retry = _options.Retry;
        TimeSpan delay = (args.Outcome.Exception as ImagesApiException)?.RetryAfter ?? Backoff(retry, args.AttemptNumber);
        if (args.Context.Properties.GetValue(CallKey, null) is { } call && call.Remaining(_options.TimeProvider) is { } remaining && delay >= remaining)
        {
            // The delay runs to the deadline: the timer may wake a hair early, so the next attempt must not be sent.
            delay = remaining;
            call.DeadlineReached = true;
        }

        return new ValueTask<TimeSpan?>(delay);
    }

    private static TimeSpan Backoff(ImagesRetryOptions retry, int attempt)
    {
        double exponential = retry.BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        double capped = Math.Min(exponential, retry.MaxDelay.Ticks);
        if (retry.UseJitter)
        {
            // Equal jitter: half the delay fixed, half random, so retries from many clients spread out.
            capped = (capped / 2) + (Jitter.NextDouble() * capped / 2);
        }

        return TimeSpan.FromTicks((long)capped);
    }

    private static Random Jitter => t_random ??= new Random(Guid.NewGuid().GetHashCode());

    [ThreadStatic]
    private static Random? t_random;

    private static ValueTask MarkOverallTimeout(OnTimeoutArguments args)
    {
        args.Context.Properties.Set(OverallTimeoutKey, true);
        return default;
    }

    private static ValueTask OnAttemptTimeout(OnTimeoutArguments args)
    {
        if (args.Context.Properties.GetValue(CallKey, null) is { AttemptLimitIsOverall: true })
        {
            args.Context.Properties.Set(OverallTimeoutKey, true);
        }

        return default;
    }

    /// <summary>Returns true the first time a deprecated model is used through this pipeline, so its warning is logged once per client.</summary>
    public bool FirstDeprecationWarning(string model) => _deprecationWarnings.TryAdd(model, true);

    /// <summary>Runs <paramref name="attempt"/> once per attempt; each attempt builds its own request.</summary>
    /// <remarks>ValueTask all the way down: a call that completes synchronously (an in-process handler) allocates no tasks here.</remarks>
    public async ValueTask<T> ExecuteAsync<T>(ImageCall call, Func<ImageCall, CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        call.CallerToken = cancellationToken;
        if (_usesDeadline)
        {
            TimeProvider time = _options.TimeProvider;
            call.Deadline = time.GetTimestamp() + (long)(_options.Timeout.TotalSeconds * time.TimestampFrequency);
        }

        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state.call.DeadlineReached
                    ? throw DeadlineReachedException(ctx)
                    : state.attempt(state.call, ctx.CancellationToken),
                context,
                (attempt, call)).ConfigureAwait(false);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException && IsRetryable(ex))
        {
            // The caller cancelled while this failure was on its way to a retry: the call ends as cancelled, as it would a moment later.
            throw new OperationCanceledException($"The {call.Operation} request was cancelled by the caller; its last attempt had failed with a retryable error.", ex, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            bool overall = context.Properties.TryGetValue(OverallTimeoutKey, out bool isOverall) && isOverall;
            TimeSpan limit = overall ? _options.Timeout : _options.AttemptTimeout;
            string which = overall ? "ImagesClientOptions.Timeout" : "ImagesClientOptions.AttemptTimeout, on the last attempt";
            throw new ImagesTimeoutException($"The {call.Operation} request timed out after {limit.TotalSeconds:0.###} s ({which}).", limit, !overall, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException)
        {
            throw new ImagesTimeoutException($"The {call.Operation} request timed out: the HttpClient's own Timeout was reached on the last attempt.", Timeout.InfiniteTimeSpan, true, ex);
        }
        catch (RateLimiterRejectedException ex) when (call.DeadlineReached)
        {
            throw new ImagesTimeoutException($"The {call.Operation} request would pass ImagesClientOptions.Timeout ({_options.Timeout.TotalSeconds:0.###} s) waiting for the client-side rate limit; nothing was sent.", _options.Timeout, false, ex);
        }
        catch (RateLimiterRejectedException ex)
        {
            string model = call.Model ?? "(none)";
            int limit = call.Model is not null && _options.RateLimits.ImagesPerMinute.TryGetValue(call.Model, out int perMinute) ? perMinute : 0;
            string wait = ex.RetryAfter is { } after ? $"about {after.TotalSeconds:0.#} s" : "longer";
            throw new ImagesClientRateLimitException(
                $"The client-side limit of {limit} images per minute for {model} would make this call wait {wait}, more than RateLimits.MaxWait ({_options.RateLimits.MaxWait.TotalSeconds:0.#} s); nothing was sent.",
                model,
                ex.RetryAfter);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ValueTask<RateLimitLease> AcquireAsync(RateLimiterArguments args)
    {
        ImageCall call = args.Context.Properties.GetValue(CallKey, null)!;
        return _limiter.AcquireAsync(call, _logger, args.Context.CancellationToken);
    }

    private bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        ImageCall? call = context.Properties.GetValue(CallKey, null);
        bool callOver = (call?.CallerToken.IsCancellationRequested ?? false)
            || (context.Properties.TryGetValue(OverallTimeoutKey, out bool overall) && overall);
        return exception is not null && !callOver && IsRetryable(exception);
    }

    private bool IsRetryable(Exception exception)
    {
        return exception switch
        {
            ImagesApiException api => (api.ServerShouldRetry ?? IsTransient(api.Status)) && !(api.RetryAfter > _options.Retry.MaxServerDelay),
            ImagesConnectionException or HttpRequestException or IOException or TimeoutRejectedException => true,
            OperationCanceledException { InnerException: TimeoutException } => true,
            _ => false,
        };
    }

    private static bool IsTransient(int status) => status is 408 or 409 or 429 or 500 or 502 or 503 or 504;

    private static string Reason(Exception? exception) => exception switch
    {
        ImagesApiException api => $"status {api.Status}{(api.ErrorCode is null ? string.Empty : " (" + api.ErrorCode + ")")}",
        TimeoutRejectedException => "the attempt timed out",
        ImagesConnectionException { InnerException: { } cause } => cause.GetType().Name + ": " + cause.Message,
        null => "unknown",
        _ => exception.GetType().Name + ": " + exception.Message,
    };
}
