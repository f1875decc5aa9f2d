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
/// The resilience pipeline every call runs through, outermost first: the overall timeout, the client-side rate limiter
/// (images per minute per model), retries with backoff or the server's asked delay, and the per-attempt timeout.
/// </summary>
/// <remarks>Built on Polly v8 with the options' <see cref="TimeProvider"/>, so delays and timeouts run on a fake clock in tests.</remarks>
internal sealed class ImagesPipeline
{
    private static readonly ResiliencePropertyKey<ImageCall?> CallKey = new("OpenAIImages.Call");
    private static readonly ResiliencePropertyKey<bool> OverallTimeoutKey = new("OpenAIImages.OverallTimeout");

    private readonly ImagesClientOptions _options;
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

        // Only the strategies that can matter, each a cost on every call. With no retries and no limiter a call is one
        // attempt with nothing before it, so the overall timeout is that attempt's timeout when it is the shorter: one
        // timer a call instead of two, the same outcome.
        TimeSpan attemptTimeout = options.AttemptTimeout;
        bool overallOnAttempt = false;
        if (options.Timeout != Timeout.InfiniteTimeSpan)
        {
            if (options.Retry.MaxRetries > 0 || options.RateLimits.ImagesPerMinute.Count > 0)
            {
                builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout, OnTimeout = MarkOverallTimeout });
            }
            else if (attemptTimeout == Timeout.InfiniteTimeSpan || options.Timeout <= attemptTimeout)
            {
                attemptTimeout = options.Timeout;
                overallOnAttempt = true;
            }
        }

        // No limits configured (they are read once, here): no limiter strategy in the way of every call.
        if (options.RateLimits.ImagesPerMinute.Count > 0)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions { RateLimiter = AcquireAsync });
        }

        ImagesRetryOptions retry = options.Retry;
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                UseJitter = retry.UseJitter,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context.Properties.GetValue(CallKey, null)?.CallerToken ?? default)),
                DelayGenerator = args => new ValueTask<TimeSpan?>((args.Outcome.Exception as ImagesApiException)?.RetryAfter),
                OnRetry = args =>
                {
                    string operation = args.Context.Properties.GetValue(CallKey, null)?.Operation ?? "request";
                    Log.RetryScheduled(_logger, operation, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Reason(args.Outcome.Exception));
                    return default;
                },
            });
        }

        if (attemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = attemptTimeout, OnTimeout = overallOnAttempt ? MarkOverallTimeout : null });
        }

        _pipeline = builder.Build();
    }

    private static ValueTask MarkOverallTimeout(OnTimeoutArguments args)
    {
        args.Context.Properties.Set(OverallTimeoutKey, true);
        return default;
    }

    /// <summary>Returns true the first time a deprecated model is used through this pipeline, so its warning is logged once per client.</summary>
    public bool FirstDeprecationWarning(string model) => _deprecationWarnings.TryAdd(model, true);

    /// <summary>Runs <paramref name="attempt"/> once per attempt; each attempt builds its own request.</summary>
    /// <remarks>ValueTask all the way down: a call that completes synchronously (an in-process handler) allocates no tasks here.</remarks>
    public async ValueTask<T> ExecuteAsync<T>(ImageCall call, Func<ImageCall, CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        call.CallerToken = cancellationToken;
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state.attempt(state.call, ctx.CancellationToken),
                context,
                (attempt, call)).ConfigureAwait(false);
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
        return _limiter.AcquireAsync(call.Model, call.User, call.Images, _logger, args.Context.CancellationToken);
    }

    private bool ShouldRetry(Exception? exception, CancellationToken cancellationToken)
    {
        if (exception is null || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return exception switch
        {
            ImagesApiException api => (api.ServerShouldRetry ?? IsTransient(api.Status)) && !(api.RetryAfter > _options.Retry.MaxServerDelay),
            HttpRequestException or IOException or TimeoutRejectedException => true,
            OperationCanceledException { InnerException: TimeoutException } => true,
            _ => false,
        };
    }

    private static bool IsTransient(int status) => status is 408 or 409 or 429 or 500 or 502 or 503 or 504;

    private static string Reason(Exception? exception) => exception switch
    {
        ImagesApiException api => $"status {api.Status}{(api.ErrorCode is null ? string.Empty : " (" + api.ErrorCode + ")")}",
        TimeoutRejectedException => "the attempt timed out",
        null => "unknown",
        _ => exception.GetType().Name + ": " + exception.Message,
    };
}
