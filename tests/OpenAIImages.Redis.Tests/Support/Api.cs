using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace OpenAIImages.Redis.Tests.Support;

/// <summary>A mocked Images API (RichardSzalay.MockHttp): answers every request with one image and records, by the fake clock, when each arrived.</summary>
internal sealed class Api
{
    // The smallest PNG: one transparent pixel.
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private readonly ConcurrentQueue<DateTimeOffset> _sent = new();
    private readonly FakeTimeProvider _time;

    public Api(FakeTimeProvider time, Func<int, IEnumerable<(string Name, string Value)>>? headers = null)
    {
        _time = time;
        Handler = new MockHttpMessageHandler();
        int answered = 0;
        Handler.Fallback.Respond(_ =>
        {
            _sent.Enqueue(_time.GetUtcNow());
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + Png + "\"}]}", Encoding.UTF8, "application/json"),
            };
            foreach ((string name, string value) in headers?.Invoke(Interlocked.Increment(ref answered) - 1) ?? [])
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
    }

    public MockHttpMessageHandler Handler { get; }

    public IReadOnlyList<DateTimeOffset> Sent => _sent.OrderBy(at => at).ToArray();

    /// <summary>A client on the fake clock, its timeouts off so moving the clock never expires an attempt.</summary>
    public ImagesClient Client(FakeTimeProvider time, Action<ImagesClientOptions> configure, Microsoft.Extensions.Logging.ILoggerFactory? logs = null)
    {
        var options = new ImagesClientOptions
        {
            ApiKey = "sk-test-0123456789abcdef",
            BaseAddress = new Uri("https://api.test/v1/"),
            TimeProvider = time,
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        options.Retry.MaxRetries = 0;
        configure(options);
        return logs is null ? new ImagesClient(Handler.ToHttpClient(), options) : new ImagesClient(Handler.ToHttpClient(), options, logs);
    }
}

/// <summary>Moves a fake clock in steps until calls end, each step once the thread pool has settled. Nothing waits out a real delay.</summary>
/// <remarks>
/// The calls go to a real Redis, whose round trips the thread pool does not show, so time may move on while one is in
/// flight: a call then asks the bucket later than it could have, which only ever spaces requests further apart. What
/// the tests assert (how many requests by when) holds either way.
/// </remarks>
internal static class FakeClock
{
    public static async Task Drive(FakeTimeProvider time, Task calls, TimeSpan step, TimeSpan limit)
    {
        DateTimeOffset end = time.GetUtcNow() + limit;
        while (!calls.IsCompleted)
        {
            await Settle();
            if (calls.IsCompleted)
            {
                break;
            }

            if (time.GetUtcNow() >= end)
            {
                throw new TimeoutException($"The calls did not end within {limit} of fake time.");
            }

            time.Advance(step);
        }

        await calls;
    }

    // Lets queued continuations run before time moves: yield until the thread pool has no queued work.
    private static async Task Settle()
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
