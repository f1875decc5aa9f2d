using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace OpenAIImages.Redis.Tests.Support;

/// <summary>A fake clock whose task completes when something starts a timer on it: the signal that moving the clock now reaches that timer.</summary>
internal sealed class TimerSignalClock(FakeTimeProvider time) : TimeProvider
{
    private readonly TaskCompletionSource _timer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task TimerStarted => _timer.Task;

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public override long GetTimestamp() => time.GetTimestamp();

    public override long TimestampFrequency => time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = time.CreateTimer(callback, state, dueTime, period);
        _timer.TrySetResult();
        return timer;
    }
}
