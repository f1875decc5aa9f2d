using System;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Tests;

/// <summary>A clock for the emulator whose delays never end: each one signals <see cref="Held"/> and waits until its request is cancelled.</summary>
/// <remarks>With <see cref="OpenAIImages.Testing.EmulatedFault.Delay(TimeSpan)"/> it keeps a request in flight for exactly as long as a test needs.</remarks>
internal sealed class HeldTimers : TimeProvider
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes when the first delay starts.</summary>
    public Task Held => _held.Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            _held.TrySetResult();
            return base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }
}
