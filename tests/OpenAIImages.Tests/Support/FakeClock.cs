using System;
using System.Net;
using System.Net.Http;
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
    // Settle sees work the thread pool has queued, not code that is running. The first error, retry and timeout paths
    // of a process compile tens of milliseconds of code (the retry loop, the backoff, the error mapping), during
    // which the clock would move on under a call that has not yet started to wait. One call through those paths, on the
    // real clock with no delay, before any fake-clock test, so no test's clock races that compilation.
    static FakeClock()
    {
        var options = new ImagesClientOptions { ApiKey = "sk-warm-up-0123456789", BaseAddress = new Uri("https://warm.test/v1/") };
        options.Retry.MaxRetries = 1;
        options.Retry.BaseDelay = TimeSpan.Zero;
        options.Retry.UseJitter = false;
        var request = new ImageGenerationOptions("warm up") { Model = ImageModel.GptImage2 };
        new ImagesClient(new HttpClient(new WarmUpHandler("0")), options).GenerateAsync(request).GetAwaiter().GetResult();

        // And a retry the deadline refuses (Retry-After past Timeout): the call ends at once in an ImagesTimeoutException.
        options.Timeout = TimeSpan.FromSeconds(30);
        try
        {
            new ImagesClient(new HttpClient(new WarmUpHandler("40")), options).GenerateAsync(request).GetAwaiter().GetResult();
        }
        catch (ImagesTimeoutException)
        {
        }
    }

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

        // The limit holds once some real time has passed too: code busy on a thread (a first retry's JIT, say) is not
        // work the pool has queued, and large steps could carry the clock past the limit before that code waits on it.
        var real = System.Diagnostics.Stopwatch.StartNew();
        while (!call.IsCompleted)
        {
            await Settle();
            if (call.IsCompleted)
            {
                break;
            }

            if (time.GetUtcNow() >= end && real.Elapsed > TimeSpan.FromSeconds(5))
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

/// <summary>Answers 503 with <c>Retry-After</c> <paramref name="retryAfter"/>, then the reference image.</summary>
internal sealed class WarmUpHandler(string retryAfter) : HttpMessageHandler
{
    private int _calls;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            HttpResponseMessage error = RecordingApi.Json("{\"error\":{\"message\":\"warming up\",\"type\":\"server_error\",\"code\":null}}", HttpStatusCode.ServiceUnavailable);
            error.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            return Task.FromResult(error);
        }

        return Task.FromResult(RecordingApi.Json(RecordingApi.SuccessJson()));
    }
}
