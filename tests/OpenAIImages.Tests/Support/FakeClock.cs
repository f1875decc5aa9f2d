using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace OpenAIImages.Tests.Support;

/// <summary>Tests that move a fake clock run alone, so the thread pool is theirs and time never races ahead of the code.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FakeClockCollection
{
    public const string Name = "fake clock";
}

/// <summary>Drives a call that waits on a fake clock: moves time in small steps, each once the code has settled. Nothing waits out a real delay.</summary>
internal static class FakeClock
{
    /// <summary>
    /// Puts a client on the fake clock with its timeouts off: moving the clock past a wait must never expire an attempt
    /// that a busy machine has not yet run to its end. (Timeouts have their own tests, against a server that never answers.)
    /// </summary>
    public static void Use(ImagesClientOptions options, FakeTimeProvider time)
    {
        options.TimeProvider = time;
        options.AttemptTimeout = Timeout.InfiniteTimeSpan;
        options.Timeout = Timeout.InfiniteTimeSpan;
    }

    public static async Task<T> Run<T>(FakeTimeProvider time, Task<T> call, TimeSpan? step = null, TimeSpan? limit = null)
    {
        await Drive(time, call, step, limit);
        return await call;
    }

    public static async Task Drive(FakeTimeProvider time, Task call, TimeSpan? step = null, TimeSpan? limit = null)
    {
        TimeSpan by = step ?? TimeSpan.FromMilliseconds(50);
        DateTimeOffset end = time.GetUtcNow() + (limit ?? TimeSpan.FromHours(2));
        while (!call.IsCompleted)
        {
            await Settle();
            if (call.IsCompleted)
            {
                break;
            }

            if (time.GetUtcNow() >= end)
            {
                throw new TimeoutException($"The call did not end within {limit ?? TimeSpan.FromHours(2)} of fake time.");
            }

            time.Advance(by);
        }
    }

    /// <summary>Waits (in real time, briefly) until <paramref name="condition"/> holds, for code that runs on the thread pool.</summary>
    public static async Task Until(Func<bool> condition)
    {
        DateTime giveUp = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Yield();
            await Settle();
        }
    }

    // Lets queued continuations run before time moves: yield until the thread pool has no queued work.
    public static async Task Settle()
    {
        for (int i = 0; i < 1000; i++)
        {
            await Task.Yield();
            if (ThreadPool.PendingWorkItemCount == 0 && i >= 3)
            {
                return;
            }
        }
    }
}
