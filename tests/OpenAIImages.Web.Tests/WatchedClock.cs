using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace OpenAIImages.Web.Tests;

/// <summary>A fake clock that says when a wait of at most a minute has started on it, so a test moves time on only once the waiter is there.</summary>
/// <remarks>The SDK's own time limits (10 and 30 minutes) are longer, so the wait is the client-side rate limit's.</remarks>
internal sealed class WatchedClock : FakeTimeProvider
{
    private readonly TaskCompletionSource _waitStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes once a timer of at most a minute has been created.</summary>
    public Task WaitStarted => _waitStarted.Task;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= TimeSpan.FromMinutes(1))
        {
            _waitStarted.TrySetResult();
        }

        return timer;
    }
}
