using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>Per-attempt and overall timeouts, and how they differ from caller cancellation.</summary>
/// <remarks>
/// The server never answers, so every outcome is fixed whenever the clock moves; the limits run on a fake clock, which
/// the test moves until the call ends. Nothing waits out real time.
/// </remarks>
[Collection(FakeClockCollection.Name)]
public sealed class TimeoutTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    private readonly RecordingApi _api = new();
    private readonly FakeTimeProvider _time = new();

    private ImagesClient Client(Action<ImagesClientOptions> configure) => new(new HttpClient(new HangingHandler(_api)), RecordingApi.Options(o =>
    {
        o.TimeProvider = _time;
        o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        o.Retry.UseJitter = false;
        configure(o);
    }));

    private Task<ImageResult> Run(ImagesClient client) => FakeClock.Run(_time, client.GenerateAsync(Request), TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task A_slow_attempt_times_out_is_retried_and_then_surfaces_as_an_attempt_timeout()
    {
        var client = Client(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            o.Retry.MaxRetries = 1;
        });

        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => Run(client));

        Assert.True(error.IsAttemptTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(100), error.Timeout);
        Assert.Equal(2, _api.Sent.Count);
        Assert.IsAssignableFrom<ImagesException>(error);
        Assert.Contains("AttemptTimeout", error.Message);
    }

    [Fact]
    public async Task The_overall_timeout_covers_every_attempt_and_says_so()
    {
        var client = Client(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.Timeout = TimeSpan.FromMilliseconds(500);
            o.Retry.MaxRetries = 50;
        });

        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => Run(client));

        Assert.False(error.IsAttemptTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), error.Timeout);
        Assert.InRange(_api.Sent.Count, 1, 10);
        Assert.Contains("ImagesClientOptions.Timeout", error.Message);
    }

    // The next call's limit runs from that call's own start, on the options' clock (a real-clock timer would not fire
    // within the test's guard, and one left from the first call would fire early).
    [Fact]
    public async Task A_call_after_a_quick_one_gets_its_full_attempt_time_from_its_own_start()
    {
        int calls = 0;
        var handler = new FirstAnswersThenHangs(_api, () => Interlocked.Increment(ref calls) == 1);
        var client = new ImagesClient(new HttpClient(handler), RecordingApi.Options(o =>
        {
            o.TimeProvider = _time;
            o.AttemptTimeout = TimeSpan.FromMinutes(10);
            o.Retry.MaxRetries = 0;
        }));

        Assert.Single((await client.GenerateAsync(Request)).Images);
        _time.Advance(TimeSpan.FromMinutes(5));
        Task<ImageResult> second = client.GenerateAsync(Request);
        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        await FakeClock.Settle();
        Assert.False(second.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => second.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(error.IsAttemptTimeout);
        Assert.Equal(2, _api.Sent.Count);
    }

    // A limit longer than a timer can run (about 49.7 days), such as TimeSpan.MaxValue, is no limit at all: the call,
    // its retries armed or not, and the download of its URL image all complete.
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task Limits_longer_than_a_timer_can_run_mean_no_limit(int retries)
    {
        _api.Answer(sent => sent.Method == HttpMethod.Get
            ? new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(TestImages.ReferencePng) }
            : RecordingApi.Json("{\"created\":1,\"data\":[{\"url\":\"https://images.test/1.png\"}]}"));
        ImagesClient client = _api.Client(o =>
        {
            o.Timeout = TimeSpan.MaxValue;
            o.AttemptTimeout = TimeSpan.FromDays(100);
            o.DownloadTimeout = TimeSpan.MaxValue;
            o.Retry.MaxRetries = retries;
        });

        ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.DallE2 });
        string path = Path.Combine(Path.GetTempPath(), "openaiimages-limits-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            await result.Images[0].SaveAsync(path);
            Assert.Equal(TestImages.ReferencePng, await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(2, _api.Sent.Count);
    }

    // Each attempt runs until the attempt timeout or the call's deadline, whichever is sooner; which one fired is told apart.
    [Theory]
    [InlineData(250, 5000, false)]
    [InlineData(5000, 250, true)]
    [InlineData(250, -1, false)]
    public async Task Without_retries_the_shorter_limit_fires_and_is_named(int timeoutMs, int attemptTimeoutMs, bool attemptFired)
    {
        var client = Client(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(timeoutMs);
            o.AttemptTimeout = attemptTimeoutMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(attemptTimeoutMs);
            o.Retry.MaxRetries = 0;
            o.RateLimits.ImagesPerMinute.Clear();
        });

        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => Run(client));

        Assert.Equal(attemptFired, error.IsAttemptTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), error.Timeout);
        Assert.Contains(attemptFired ? "ImagesClientOptions.AttemptTimeout" : "ImagesClientOptions.Timeout", error.Message, StringComparison.Ordinal);
        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task A_rate_limit_wait_that_would_pass_the_overall_timeout_is_refused_at_once()
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var client = api.Client(o =>
        {
            o.TimeProvider = _time;
            o.Timeout = TimeSpan.FromSeconds(30);
            o.RateLimits.ImagesPerMinute["gpt-image-2"] = 1;
            o.RateLimits.MaxWait = TimeSpan.FromMinutes(5);
        });
        await client.GenerateAsync(Request); // takes the minute's only image
        DateTimeOffset start = _time.GetUtcNow();

        // The clock never moves: a call that waited would never end, and the test would fail on its own limit.
        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => client.GenerateAsync(Request).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.False(error.IsAttemptTimeout);
        Assert.Contains("rate limit", error.Message, StringComparison.Ordinal);
        Assert.Single(api.Sent);
        Assert.Equal(start, _time.GetUtcNow());
    }

    [Fact]
    public void The_defaults_are_ten_minutes_per_attempt_and_thirty_overall()
    {
        var options = new ImagesClientOptions();

        Assert.Equal(TimeSpan.FromMinutes(10), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Timeout);
        Assert.Equal(2, options.Retry.MaxRetries);
    }

    [Fact]
    public async Task Caller_cancellation_is_an_operation_cancelled_exception_not_a_timeout()
    {
        using var cts = new CancellationTokenSource();
        var client = new ImagesClient(new HttpClient(new HangingHandler(_api, cts.Cancel)), RecordingApi.Options(o => o.Retry.MaxRetries = 2));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GenerateAsync(Request, cts.Token));

        Assert.IsNotType<ImagesTimeoutException>(error);
        Assert.Single(_api.Sent);
    }
}

/// <summary>Answers while <c>answer()</c> says so, with one image; otherwise never answers.</summary>
internal sealed class FirstAnswersThenHangs(RecordingApi api, Func<bool> answer) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await api.Record(request);
        if (answer())
        {
            return RecordingApi.Json(RecordingApi.SuccessJson());
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
