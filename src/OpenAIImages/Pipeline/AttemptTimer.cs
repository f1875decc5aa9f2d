using System;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Pipeline;

/// <summary>
/// One attempt's time limit: the attempt timeout or what is left of the call's deadline, whichever is sooner, as one
/// token source on the options' clock, cancelled too when the caller cancels. It runs until the attempt's answer has
/// been read (the response is disposed), so a body that stalls after a success status times out like a send.
/// </summary>
internal sealed class AttemptTimer : IDisposable
{
    // What is left of the deadline is given as at least this much, so the attempt times out at once.
    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(1);

    private readonly string _operation;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource? _timer;
    private readonly CancellationTokenRegistration _link;

    private readonly TimeSpan _overall;

    private AttemptTimer(string operation, TimeSpan limit, bool isDeadline, TimeSpan overall, TimeProvider time, CancellationToken caller)
    {
        _operation = operation;
        _overall = overall;
        _caller = caller;
        Limit = limit;
        IsDeadline = isDeadline;
        if (TimeLimit.Applies(limit))
        {
#if NET
            _timer = new CancellationTokenSource(limit, time);
            _link = caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _timer);
#else
            _timer = time.CreateCancellationTokenSource(limit);
            _link = caller.Register(static s => ((CancellationTokenSource)s!).Cancel(), _timer);
#endif
        }
    }

    /// <summary>Gets the limit this attempt runs under.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Gets whether the limit is what was left of the call's deadline rather than the attempt timeout.</summary>
    public bool IsDeadline { get; }

    /// <summary>Gets the token the attempt sends and reads with: the timer's, or the caller's when no limit applies.</summary>
    public CancellationToken Token => _timer?.Token ?? _caller;

    /// <summary>Gets whether the limit ran out (rather than the caller cancelling).</summary>
    public bool Expired => _timer is { IsCancellationRequested: true } && !_caller.IsCancellationRequested;

    /// <summary>Starts the timer of an attempt beginning now.</summary>
    /// <exception cref="ImagesTimeoutException">The call's deadline has already passed: nothing is to be sent.</exception>
    public static AttemptTimer Start(string operation, ImagesClientOptions options, CallDeadline deadline, CancellationToken caller)
    {
        TimeSpan limit = options.AttemptTimeout;
        if (deadline.Remaining() is { } left && (!TimeLimit.Applies(limit) || left <= limit))
        {
            if (left <= TimeSpan.Zero)
            {
                throw new ImagesTimeoutException(
                    $"The {operation} request timed out: ImagesClientOptions.Timeout ({deadline.Timeout.TotalSeconds:0.###} s) passed before its next attempt; nothing more was sent.",
                    deadline.Timeout,
                    false,
                    null);
            }

            return new AttemptTimer(operation, left < MinimumAttempt ? MinimumAttempt : left, true, deadline.Timeout, options.TimeProvider, caller);
        }

        return new AttemptTimer(operation, limit, false, deadline.Timeout, options.TimeProvider, caller);
    }

    /// <summary>Starts a timer that runs to the call's deadline only, for the wait before the first attempt (the rate limiter, a shared store that does not answer).</summary>
    public static AttemptTimer UntilDeadline(string operation, ImagesClientOptions options, CallDeadline deadline, CancellationToken caller) =>
        new(operation, deadline.Remaining() is { } left ? (left < MinimumAttempt ? MinimumAttempt : left) : System.Threading.Timeout.InfiniteTimeSpan, true, deadline.Timeout, options.TimeProvider, caller);

    /// <summary>The SDK's exception for this timer having run out.</summary>
    public ImagesTimeoutException TimedOut(Exception cause) => IsDeadline
        ? new ImagesTimeoutException($"The {_operation} request timed out after {_overall.TotalSeconds:0.###} s (ImagesClientOptions.Timeout).", _overall, false, cause)
        : new ImagesTimeoutException($"The {_operation} request timed out after {Limit.TotalSeconds:0.###} s (ImagesClientOptions.AttemptTimeout, on the last attempt).", Limit, true, cause);

    /// <summary>Stops the timer: what follows is not limited by it (a stream, once it has started).</summary>
    public void Dispose()
    {
        _link.Dispose();
        _timer?.Dispose();
    }
}
