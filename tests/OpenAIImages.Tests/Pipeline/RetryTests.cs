using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>Which failures are retried, how long the client waits, and what each attempt sends; all on a fake clock.</summary>
[Collection(FakeClockCollection.Name)]
public sealed class RetryTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLoggerFactory _logs = new();
    private readonly RecordingApi _api;

    public RetryTests() => _api = new RecordingApi(_time);

    private ImagesClient Client(Action<ImagesClientOptions>? configure = null) => Client(_api.Handler, configure);

    private ImagesClient Client(HttpMessageHandler handler, Action<ImagesClientOptions>? configure = null) => new(new HttpClient(handler), RecordingApi.Options(o =>
    {
        FakeClock.Use(o, _time);
        o.Retry.MaxRetries = 2;
        o.Retry.UseJitter = false;
        configure?.Invoke(o);
    }), _logs);

    private static string ErrorJson(int status, string? code = null) =>
        $"{{\"error\":{{\"message\":\"failure {status}\",\"type\":\"x\",\"param\":null,\"code\":{(code is null ? "null" : $"\"{code}\"")}}}}}";

    private static HttpResponseMessage Error(int status, string? code = null, Action<HttpResponseMessage>? headers = null)
    {
        var response = RecordingApi.Json(ErrorJson(status, code), (HttpStatusCode)status);
        headers?.Invoke(response);
        return response;
    }

    /// <summary>Answers the given responses in turn, then success.</summary>
    private void Script(params Func<HttpResponseMessage>[] answers)
    {
        int call = 0;
        _api.Answer(_ =>
        {
            int index = Interlocked.Increment(ref call) - 1;
            return index < answers.Length ? answers[index]() : RecordingApi.Json(RecordingApi.SuccessJson());
        });
    }

    private double[] RetryDelaysMs() => _logs.WithId(3).Select(e => Convert.ToDouble(e.State.Single(s => s.Key == "DelayMs").Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Theory]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_statuses_are_retried_with_exponential_backoff(int status)
    {
        Script(() => Error(status), () => Error(status));

        ImageResult result = await FakeClock.Run(_time, Client().GenerateAsync(Request));

        Assert.Single(result.Images);
        Assert.Equal(3, _api.Sent.Count);
        Assert.Equal([500d, 1000d], RetryDelaysMs());
        Assert.True((_api.Sent[1].At - _api.Sent[0].At).TotalMilliseconds >= 500);
        Assert.True((_api.Sent[2].At - _api.Sent[1].At).TotalMilliseconds >= 1000);
    }

    [Theory]
    [InlineData(400, null)]
    [InlineData(401, "invalid_api_key")]
    [InlineData(403, null)]
    [InlineData(404, "model_not_found")]
    [InlineData(422, null)]
    [InlineData(400, "moderation_blocked")]
    public async Task Client_errors_and_refusals_are_never_retried(int status, string? code)
    {
        Script(() => Error(status, code));

        await Assert.ThrowsAnyAsync<ImagesApiException>(() => FakeClock.Run(_time, Client().GenerateAsync(Request)));

        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task After_the_last_retry_the_last_error_is_thrown()
    {
        Script(() => Error(500), () => Error(502), () => Error(503), () => Error(500));

        var error = await Assert.ThrowsAsync<ImagesServerException>(() => FakeClock.Run(_time, Client().GenerateAsync(Request)));

        Assert.Equal(503, error.Status);
        Assert.Equal(3, _api.Sent.Count);
    }

    [Fact]
    public async Task The_number_of_retries_is_configurable()
    {
        Script(() => Error(500), () => Error(500), () => Error(500), () => Error(500));

        await FakeClock.Run(_time, Client(o => o.Retry.MaxRetries = 4).GenerateAsync(Request));

        Assert.Equal(5, _api.Sent.Count);
        Assert.Equal([500d, 1000d, 2000d, 4000d], RetryDelaysMs());
    }

    [Fact]
    public async Task Backoff_is_capped_and_jitter_keeps_delays_within_bounds()
    {
        Script(Enumerable.Repeat<Func<HttpResponseMessage>>(() => Error(500), 6).ToArray());

        await FakeClock.Run(_time, Client(o =>
        {
            o.Retry.MaxRetries = 6;
            o.Retry.MaxDelay = TimeSpan.FromSeconds(3);
            o.Retry.UseJitter = true;
        }).GenerateAsync(Request));

        Assert.All(RetryDelaysMs(), d => Assert.InRange(d, 0, 3000));
        Assert.Equal(7, _api.Sent.Count);
    }

    [Fact]
    public async Task The_servers_x_should_retry_header_wins_both_ways()
    {
        Script(() => Error(503, headers: r => r.Headers.Add("x-should-retry", "false")));
        await Assert.ThrowsAsync<ImagesServerException>(() => FakeClock.Run(_time, Client().GenerateAsync(Request)));
        Assert.Single(_api.Sent);

        var api = new RecordingApi(_time);
        int calls = 0;
        api.Answer(_ => Interlocked.Increment(ref calls) == 1 ? Error(400, headers: r => r.Headers.Add("x-should-retry", "true")) : RecordingApi.Json(RecordingApi.SuccessJson()));
        var client = new ImagesClient(api.Handler.ToHttpClient(), RecordingApi.Options(o =>
        {
            FakeClock.Use(o, _time);
            o.Retry.MaxRetries = 2;
        }));
        await FakeClock.Run(_time, client.GenerateAsync(Request));
        Assert.Equal(2, api.Sent.Count);
    }

    [Theory]
    [InlineData("retry-after-ms", "1500", 1500)]
    [InlineData("Retry-After", "3", 3000)]
    public async Task A_delay_the_server_asks_for_is_used_instead_of_backoff(string header, string value, double expectedMs)
    {
        Script(() => Error(429, "rate_limit_exceeded", r => r.Headers.TryAddWithoutValidation(header, value)));

        await FakeClock.Run(_time, Client().GenerateAsync(Request));

        Assert.Equal([expectedMs], RetryDelaysMs());
        Assert.True((_api.Sent[1].At - _api.Sent[0].At).TotalMilliseconds >= expectedMs);
    }

    [Fact]
    public async Task Retry_after_ms_takes_precedence_over_retry_after()
    {
        Script(() => Error(503, headers: r =>
        {
            r.Headers.TryAddWithoutValidation("retry-after-ms", "250");
            r.Headers.TryAddWithoutValidation("Retry-After", "30");
        }));

        await FakeClock.Run(_time, Client().GenerateAsync(Request));

        Assert.Equal([250d], RetryDelaysMs());
    }

    [Fact]
    public async Task A_server_delay_above_the_cap_fails_at_once_with_the_asked_delay()
    {
        Script(() => Error(429, "rate_limit_exceeded", r => r.Headers.TryAddWithoutValidation("Retry-After", "3600")));

        var error = await Assert.ThrowsAsync<ImagesRateLimitException>(() => FakeClock.Run(_time, Client().GenerateAsync(Request)));

        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Single(_api.Sent);
        Assert.Empty(RetryDelaysMs());
    }

    [Fact]
    public async Task The_cap_is_configurable()
    {
        Script(() => Error(429, "rate_limit_exceeded", r => r.Headers.TryAddWithoutValidation("Retry-After", "90")));

        await FakeClock.Run(_time, Client(o => o.Retry.MaxServerDelay = TimeSpan.FromMinutes(2)).GenerateAsync(Request));

        Assert.Equal([90_000d], RetryDelaysMs());
    }

    [Fact]
    public async Task Connection_failures_are_retried()
    {
        int calls = 0;
        var handler = new DelegateHandler(async request =>
        {
            await _api.Record(request);
            return Interlocked.Increment(ref calls) == 1 ? throw new HttpRequestException("Connection refused") : RecordingApi.Json(RecordingApi.SuccessJson());
        });

        await FakeClock.Run(_time, Client(handler).GenerateAsync(Request), limit: TimeSpan.FromMinutes(1));

        Assert.Equal(2, _api.Sent.Count);
        Assert.Contains("HttpRequestException: Connection refused", Assert.Single(_logs.WithId(3)).Message, StringComparison.Ordinal);
    }

    // A plain handler: a MockHttp response factory that throws left the attempt pending (this test once passed only by its attempt timing out).
    private sealed class DelegateHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> send) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => send(request);
    }

    [Fact]
    public async Task Every_attempt_is_a_fresh_request_with_auth_and_a_rebuilt_body()
    {
        Script(() => Error(500), () => Error(502));
        byte[] png = TestImages.Png(16, 16);
        int keys = 0;
        var client = Client(o =>
        {
            o.ApiKey = null;
            o.ApiKeyProvider = _ => new ValueTask<string>("sk-key-" + Interlocked.Increment(ref keys));
        });

        await FakeClock.Run(_time, client.EditAsync(new ImageEditOptions(ImageInput.FromStream(new System.IO.MemoryStream(png), "in.png"), "hat") { Model = ImageModel.GptImage15 }));

        Assert.Equal(3, _api.Sent.Count);
        Assert.Equal(["Bearer sk-key-1", "Bearer sk-key-2", "Bearer sk-key-3"], _api.Sent.Select(s => s.Header("Authorization")));
        Assert.Equal(3, _api.Sent.Select(s => s.Boundary).Distinct().Count());
        var parts = _api.Sent.Select(s => string.Join(";", s.Parts.Select(p => p.Key))).Distinct();
        Assert.Single(parts);
        Assert.All(_api.Sent, s => Assert.Equal(png, s.Parts.Single(p => p.Name == "image").Data));
    }

    // A backoff delay over a day is a configuration mistake: the client refuses it when it is built, not at a call's first retry.
    [Fact]
    public async Task A_backoff_delay_over_a_day_is_refused_when_the_client_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => Client(o => o.Retry.BaseDelay = TimeSpan.FromDays(2)));
        Assert.Contains("Retry.BaseDelay must be at most one day", error.Message);
        var maxDelay = Assert.Throws<ArgumentException>(() => Client(o => o.Retry.MaxDelay = TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1)));
        Assert.Contains("Retry.MaxDelay must be at most one day", maxDelay.Message);

        // A day is still allowed: the retry runs (its delay capped by MaxDelay).
        // The clock moves once the retry is scheduled: a first retry's path, on a cold process, can take longer in real
        // time than the driver takes to move the fake clock past its limit in large steps.
        Script(() => Error(500));
        Task<ImageResult> call = Client(o => { o.Retry.BaseDelay = TimeSpan.FromDays(1); o.Retry.MaxDelay = TimeSpan.FromDays(1); }).GenerateAsync(Request);
        await FakeClock.Until(() => _logs.WithId(3).Any() || call.IsCompleted);
        ImageResult result = await FakeClock.Run(_time, call, TimeSpan.FromHours(1), TimeSpan.FromDays(2));

        Assert.Single(result.Images);
        Assert.Equal(2, _api.Sent.Count);
    }

    [Fact]
    public async Task Cancelling_during_backoff_stops_at_once_and_is_not_retried()
    {
        Script(() => Error(500), () => Error(500));
        using var cts = new CancellationTokenSource();
        Task<ImageResult> call = Client(o => o.Retry.BaseDelay = TimeSpan.FromSeconds(30)).GenerateAsync(Request, cts.Token);
        await FakeClock.Until(() => _api.Sent.Count == 1);
        Assert.False(call.IsCompleted);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task A_retry_delay_that_would_pass_the_overall_timeout_is_not_waited_and_nothing_more_is_sent()
    {
        Script(() => Error(503, headers: r => r.Headers.TryAddWithoutValidation("Retry-After", "40")));
        DateTimeOffset start = _time.GetUtcNow();
        Task<ImageResult> call = Client(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(30);
            o.Retry.MaxRetries = 3;
        }).GenerateAsync(Request);

        // Not waited: the call ends with the clock standing still (moving it would only race the attempt's own timer).
        await FakeClock.Until(() => call.IsCompleted);
        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => call);

        Assert.False(error.IsAttemptTimeout);
        Assert.Contains("ImagesClientOptions.Timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("waiting 40 s", error.Message, StringComparison.Ordinal);
        Assert.IsType<ImagesServerException>(error.InnerException);
        Assert.Single(_api.Sent);
        Assert.Empty(RetryDelaysMs()); // no "Retrying" line for a retry that never happens
        Assert.Equal(start, _time.GetUtcNow());
    }

    [Fact]
    public async Task A_backoff_delay_that_would_pass_the_overall_timeout_ends_the_call_at_once()
    {
        Script(() => Error(500), () => Error(500));

        Task<ImageResult> call = Client(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(2.5);
            o.Retry.MaxRetries = 3;
            o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
        }).GenerateAsync(Request);

        // The clock moves only while the call waits out a backoff (as many retries logged as attempts sent), never while an
        // attempt runs: attempts have the deadline's time limit.
        while (!call.IsCompleted)
        {
            await FakeClock.Until(() => call.IsCompleted || (_api.Sent.Count > 0 && _logs.WithId(3).Count() == _api.Sent.Count));
            await FakeClock.Settle();
            if (!call.IsCompleted && _logs.WithId(3).Count() == _api.Sent.Count)
            {
                _time.Advance(TimeSpan.FromMilliseconds(50));
            }
        }

        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => call);

        // 1 s of backoff fits in 2.5 s; the next 2 s would not fit in the 1.5 s left, so the second failure ends the call.
        Assert.Equal(2, _api.Sent.Count);
        Assert.Equal([1000d], RetryDelaysMs());
        Assert.False(error.IsAttemptTimeout);
    }

    [Fact]
    public async Task Cancelling_as_a_retryable_failure_arrives_ends_as_cancelled_not_as_the_failure()
    {
        using var cts = new CancellationTokenSource();
        Script(() =>
        {
            // The caller cancels just as the error body has been read: the failure is whole, and would be retried.
            var body = new ChunkedStream(System.Text.Encoding.UTF8.GetBytes(ErrorJson(500)), int.MaxValue, atEnd: cts.Cancel);
            var failure = new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StreamContent(body) };
            failure.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return failure;
        });

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().GenerateAsync(Request, cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.IsType<ImagesServerException>(error.InnerException);
        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task Cancelling_an_attempt_in_flight_is_not_a_timeout_and_not_retried()
    {
        using var cts = new CancellationTokenSource();
        var client = Client(new HangingHandler(_api, cts.Cancel));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GenerateAsync(Request, cts.Token));

        Assert.IsNotType<ImagesTimeoutException>(error.InnerException);
        Assert.Single(_api.Sent);
    }
}
