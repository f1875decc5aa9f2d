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
    public ImagesClient Client(FakeTimeProvider time, Action<ImagesClientOptions> configure)
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
        return new ImagesClient(Handler.ToHttpClient(), options);
    }
}

/// <summary>Moves a fake clock in steps until calls end; the calls go to a real Redis meanwhile, so each step first lets them settle.</summary>
internal static class FakeClock
{
    public static async Task Drive(FakeTimeProvider time, Task calls, TimeSpan step, TimeSpan limit)
    {
        DateTimeOffset end = time.GetUtcNow() + limit;
        while (!calls.IsCompleted)
        {
            // Wait for the work in flight (Redis round trips included) to reach a timer, or for the calls to end.
            await Task.WhenAny(calls, Task.Delay(TimeSpan.FromMilliseconds(20)));
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
}
