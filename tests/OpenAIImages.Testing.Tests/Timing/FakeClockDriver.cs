using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace OpenAIImages.Testing.Tests.Timing;

/// <summary>Moves a fake clock forward a second at a time until a task completes, and says how much fake time that took.</summary>
internal static class FakeClockDriver
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    // How long, in real time, what a step released (a timer's answer, through Kestrel's socket too) may take to reach the
    // task before the clock moves again: without it a loaded machine let the clock run a step or more past the arrival,
    // and the elapsed time said so (a partial measured 9 s after the one before, scheduled 10 s apart).
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    public static async Task<(T Result, TimeSpan Elapsed)> RunAsync<T>(FakeTimeProvider clock, Task<T> task)
    {
        DateTimeOffset start = clock.GetUtcNow();
        while (!task.IsCompleted)
        {
            Assert.True(clock.GetUtcNow() - start < Limit, "the emulator never answered");
            await Task.Delay(2); // let the emulator register its timer before the clock moves on
            clock.Advance(Step);
            await Task.WhenAny(task, Task.Delay(Settle));
        }

        return (await task, clock.GetUtcNow() - start);
    }
}
