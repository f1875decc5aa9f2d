using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Pipeline;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>Pacing by the service's own rate-limit headers: a spent budget holds the next call back until its reset, on the fake clock.</summary>
[Collection(FakeClockCollection.Name)]
public sealed class ServerRateLimitHeaderTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLoggerFactory _logs = new();
    private readonly RecordingApi _api;
    private int _answered;

    public ServerRateLimitHeaderTests() => _api = new RecordingApi(_time);

    private ImagesClient Client(Action<ImagesClientOptions>? configure = null) => new(_api.Handler.ToHttpClient(), RecordingApi.Options(o =>
    {
        FakeClock.Use(o, _time);
        configure?.Invoke(o);
    }), _logs);

    private static ImageGenerationOptions GptImage2(string prompt) => new(prompt) { Model = ImageModel.GptImage2 };

    // The first answer carries the canned headers; later ones say plenty is left.
    private RecordingApi AnswerFirstWith(params (string Name, string Value)[] headers) => _api.Answer(_ =>
    {
        HttpResponseMessage response = RecordingApi.Json(RecordingApi.SuccessJson());
        foreach ((string name, string value) in _answered++ == 0 ? headers : [("x-ratelimit-remaining-images", "40"), ("x-ratelimit-reset-images", "1s")])
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    });

    [Fact]
    public async Task No_images_remaining_holds_the_next_call_until_the_reset_the_service_named()
    {
        AnswerFirstWith(("x-ratelimit-limit-images", "50"), ("x-ratelimit-remaining-images", "0"), ("x-ratelimit-reset-images", "30s"));
        var client = Client();

        await client.GenerateAsync(GptImage2("first"));
        Task<ImageResult> second = client.GenerateAsync(GptImage2("second"));
        await FakeClock.Until(() => _logs.WithId(4).Any());
        Assert.Single(_api.Sent);

        await FakeClock.Run(_time, second, TimeSpan.FromSeconds(1));

        Assert.Equal(2, _api.Sent.Count);
        Assert.True(_api.Sent[1].At - _api.Sent[0].At >= TimeSpan.FromSeconds(30), "the second call went before the reset");
    }

    [Fact]
    public async Task No_requests_remaining_holds_the_next_call_too_and_the_longer_reset_wins()
    {
        AnswerFirstWith(
            ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "1m30s"),
            ("x-ratelimit-remaining-images", "0"), ("x-ratelimit-reset-images", "20ms"));
        var client = Client();

        await client.GenerateAsync(GptImage2("first"));
        await FakeClock.Run(_time, client.GenerateAsync(GptImage2("second")), TimeSpan.FromSeconds(1));

        Assert.True(_api.Sent[1].At - _api.Sent[0].At >= TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task A_reset_past_MaxWait_fails_the_next_call_at_once_naming_the_headers_and_sends_nothing()
    {
        AnswerFirstWith(("x-ratelimit-remaining-images", "0"), ("x-ratelimit-reset-images", "6m0s"));
        var client = Client();

        await client.GenerateAsync(GptImage2("first"));
        var error = await Assert.ThrowsAsync<ImagesClientRateLimitException>(() => client.GenerateAsync(GptImage2("second")));

        Assert.Equal("gpt-image-2", error.Model);
        Assert.Equal(TimeSpan.FromMinutes(6), error.RetryAfter);
        Assert.Contains("rate-limit headers (x-ratelimit-remaining-* of 0) for gpt-image-2", error.Message);
        Assert.Contains("nothing was sent", error.Message);
        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task A_rate_limited_answer_with_no_images_remaining_holds_back_the_calls_after_it()
    {
        _api.Answer(_ =>
        {
            if (_answered++ > 0)
            {
                return RecordingApi.Json(RecordingApi.SuccessJson());
            }

            HttpResponseMessage response = RecordingApi.Json("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}", HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("x-ratelimit-remaining-images", "0");
            response.Headers.TryAddWithoutValidation("x-ratelimit-reset-images", "45s");
            return response;
        });
        var client = Client(o => o.Retry.MaxRetries = 0);

        await Assert.ThrowsAsync<ImagesRateLimitException>(() => client.GenerateAsync(GptImage2("first")));
        await FakeClock.Run(_time, client.GenerateAsync(GptImage2("second")), TimeSpan.FromSeconds(1));

        Assert.True(_api.Sent[1].At - _api.Sent[0].At >= TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Images_left_or_pacing_turned_off_lets_the_next_call_go_at_once()
    {
        AnswerFirstWith(("x-ratelimit-remaining-images", "0"), ("x-ratelimit-reset-images", "30s"));
        var client = Client(o => o.RateLimits.PaceByServerHeaders = false);

        for (int i = 0; i < 3; i++)
        {
            await client.GenerateAsync(GptImage2("p" + i));
        }

        Assert.Equal(3, _api.Sent.Count);
        Assert.All(_api.Sent, s => Assert.Equal(_api.Sent[0].At, s.At));
        Assert.Empty(_logs.WithId(4));
    }

    [Theory]
    [InlineData("1s", 1_000)]
    [InlineData("6m0s", 360_000)]
    [InlineData("20ms", 20)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("2.5", 2_500)]
    public void Reset_durations_read_as_the_service_writes_them(string text, int milliseconds)
    {
        Assert.True(ServerRateLimitHeaders.TryParseDuration(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("-3s")]
    public void Unreadable_resets_are_ignored(string text) => Assert.False(ServerRateLimitHeaders.TryParseDuration(text, out _));
}
