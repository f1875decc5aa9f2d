using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>
/// Budgets in this process: a call that would cross one is refused before anything is sent; a failed call gives its
/// reservation back; a successful one is settled at its actual cost; per-user budgets; periods on a fake clock.
/// </summary>
[Collection(FakeClockCollection.Name)]
public sealed class BudgetTests
{
    // dall-e-3, hd, 1792x1024: $0.12 an image by the SDK's price table, for the estimate and (no usage) the actual cost.
    private static readonly ImageGenerationOptions Wide = new("a wide poster") { Model = ImageModel.DallE3, Quality = ImageQuality.Hd, Size = ImageSize.Landscape1792x1024 };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerFactory _logs = new();

    private bool _failing;

    private RecordingApi Api() => new RecordingApi(_time).Answer(_ => _failing
        ? RecordingApi.Json("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}", HttpStatusCode.InternalServerError)
        : RecordingApi.Json(RecordingApi.SuccessJson()));

    private ImagesClient Client(RecordingApi api, Action<ImagesBudgetOptions> budgets, Action<ImagesClientOptions>? configure = null) => new(api.Handler.ToHttpClient(), RecordingApi.Options(o =>
    {
        FakeClock.Use(o, _time);
        budgets(o.Budgets);
        configure?.Invoke(o);
    }), _logs);

    private static ImageGenerationOptions WideFor(string user) => new(Wide.Prompt) { Model = Wide.Model, Quality = Wide.Quality, Size = Wide.Size, SafetyIdentifier = user };

    [Fact]
    public async Task The_call_that_would_cross_the_budget_is_refused_before_anything_is_sent_and_the_ones_that_fit_go()
    {
        RecordingApi api = Api();
        ImagesClient client = Client(api, b => b.Amount = 0.30m);
        Assert.Equal(0.12m, client.EstimateCost(Wide).Amount);

        await client.GenerateAsync(Wide);
        await client.GenerateAsync(Wide);
        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => client.GenerateAsync(Wide));

        Assert.Equal(2, api.Sent.Count);
        Assert.Equal("client", error.Budget);
        Assert.Null(error.User);
        Assert.Equal(0.30m, error.Limit);
        Assert.Equal(0.06m, error.Remaining);
        Assert.Equal(0.12m, error.Estimate);
        Assert.Equal("USD", error.Currency);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), error.ResetsAt);
        Assert.Contains("Nothing was sent", error.Message, StringComparison.Ordinal);
        LogEntry refused = Assert.Single(_logs.WithId(7));
        Assert.DoesNotContain(RecordingApi.ApiKey, refused.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ImagesException>(error);
    }

    [Fact]
    public async Task A_call_that_fails_with_500_after_its_retries_gives_its_reservation_back()
    {
        RecordingApi api = Api();
        ImagesClient client = Client(api, b => b.Amount = 0.12m, o =>
        {
            o.Retry.MaxRetries = 2;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Retry.UseJitter = false;
        });

        _failing = true;
        await Assert.ThrowsAsync<ImagesServerException>(() => FakeClock.Run(_time, client.GenerateAsync(Wide)));
        _failing = false;
        await client.GenerateAsync(Wide); // the whole budget again: the failed call's 0.12 went back

        Assert.Equal(4, api.Sent.Count); // three attempts, then the call that fits
        await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => client.GenerateAsync(Wide));
    }

    [Fact]
    public async Task A_call_whose_connection_fails_gives_its_reservation_back()
    {
        var handler = new RefusingHandler();
        var client = new ImagesClient(new HttpClient(handler), RecordingApi.Options(o =>
        {
            FakeClock.Use(o, _time);
            o.Budgets.Amount = 0.12m;
        }));

        await Assert.ThrowsAsync<ImagesConnectionException>(() => client.GenerateAsync(Wide));
        handler.Refusing = false;
        await client.GenerateAsync(Wide);

        Assert.Equal(2, handler.Calls);
    }

    /// <summary>Refuses the connection (as a server that is down) until told not to, then answers with one image.</summary>
    private sealed class RefusingHandler : HttpMessageHandler
    {
        public bool Refusing { get; set; } = true;

        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Refusing
                ? Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (api.test:443)"))
                : Task.FromResult(RecordingApi.Json(RecordingApi.SuccessJson()));
        }
    }

    [Fact]
    public async Task A_success_is_settled_at_its_actual_cost_so_the_next_call_sees_the_actual_not_the_estimate()
    {
        // gpt-image-1 at low quality, billed by the answer's usage: 12 text tokens in, 272 image tokens out.
        var request = new ImageGenerationOptions("a small icon") { Model = ImageModel.GptImage1, Quality = ImageQuality.Low, Size = ImageSize.Square1024 };
        string answer = RecordingApi.SuccessJson().TrimEnd('}') + ",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"image_tokens\":0,\"text_tokens\":12},\"output_tokens\":272,\"total_tokens\":284}}";
        RecordingApi probe = new RecordingApi(_time).AnswerJson(answer);
        ImageResult priced = await probe.Client().GenerateAsync(request);
        decimal estimate = probe.Client().EstimateCost(request).Amount!.Value;
        decimal actual = priced.Cost!.Amount!.Value;
        Assert.True(actual < estimate, $"the usage ({actual}) should cost less than the estimate ({estimate})");

        // Room for the estimate once, and the actual once more: a second call fits only if the first was settled.
        RecordingApi api = new RecordingApi(_time).AnswerJson(answer);
        ImagesClient client = Client(api, b => b.Amount = estimate + actual);
        await client.GenerateAsync(request);
        await client.GenerateAsync(request);
        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => client.GenerateAsync(request));

        Assert.Equal(estimate - actual, error.Remaining);
        Assert.Equal(2, api.Sent.Count);
    }

    [Fact]
    public async Task A_call_that_fails_after_the_success_answer_keeps_its_estimate_as_it_was_paid_for()
    {
        RecordingApi api = new RecordingApi(_time).AnswerJson("{\"created\":1700000000,\"data\":[{\"b64_json\":\"not base64!\"}]}");
        ImagesClient client = Client(api, b => b.Amount = 0.20m);

        await Assert.ThrowsAnyAsync<ImagesException>(() => client.GenerateAsync(Wide));
        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => client.GenerateAsync(Wide));

        Assert.Equal(0.08m, error.Remaining);
        Assert.Single(api.Sent);
    }

    [Fact]
    public async Task Each_end_user_has_a_budget_of_their_own_and_a_refused_user_takes_nothing_from_the_client()
    {
        RecordingApi api = Api();
        ImagesClient client = Client(api, b =>
        {
            b.Amount = 0.36m;
            b.PerUserAmount = 0.12m;
        });

        await client.GenerateAsync(WideFor("alice"));
        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => client.GenerateAsync(WideFor("alice")));
        await client.GenerateAsync(WideFor("bob"));
        await client.GenerateAsync(WideFor("carol")); // 0.36 in all: alice's refused call gave the client's 0.12 back

        Assert.Equal("user", error.Budget);
        Assert.Equal("alice", error.User);
        Assert.Equal(0.12m, error.Limit);
        Assert.Equal(0m, error.Remaining);
        Assert.Equal(3, api.Sent.Count);
        Assert.DoesNotContain(_logs.WithId(7), l => l.Message.Contains("alice", StringComparison.Ordinal));
        var spent = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => client.GenerateAsync(WideFor("dave")));
        Assert.Equal("client", spent.Budget); // a new user, but the client's 0.36 is spent
    }

    [Fact]
    public async Task A_day_budget_is_whole_again_at_midnight_UTC()
    {
        RecordingApi api = Api();
        ImagesClient client = Client(api, b => b.Amount = 0.12m);
        await client.GenerateAsync(Wide);
        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => client.GenerateAsync(Wide));

        _time.SetUtcNow(error.ResetsAt);
        await client.GenerateAsync(Wide);

        Assert.Equal(2, api.Sent.Count);
    }

    [Fact]
    public async Task A_rolling_budget_frees_what_was_spent_once_it_leaves_the_window()
    {
        RecordingApi api = Api();
        ImagesClient client = Client(api, b =>
        {
            b.Amount = 0.24m;
            b.Period = ImagesBudgetPeriod.Rolling;
            b.Window = TimeSpan.FromHours(1);
        });
        DateTimeOffset first = _time.GetUtcNow();
        await client.GenerateAsync(Wide);
        _time.Advance(TimeSpan.FromMinutes(30));
        await client.GenerateAsync(Wide);

        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => client.GenerateAsync(Wide));
        _time.Advance(TimeSpan.FromMinutes(30));
        await client.GenerateAsync(Wide);

        Assert.Equal(first + TimeSpan.FromHours(1), error.ResetsAt);
        Assert.Equal(3, api.Sent.Count);
    }

    [Fact]
    public async Task A_pre_cancelled_call_reserves_nothing()
    {
        RecordingApi api = Api();
        ImagesClient client = Client(api, b => b.Amount = 0.12m);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GenerateAsync(Wide, new CancellationToken(canceled: true)));
        await client.GenerateAsync(Wide);

        Assert.Single(api.Sent);
    }

    [Fact]
    public async Task A_call_whose_cost_is_unknown_is_refused_by_default_and_goes_when_allowed()
    {
        var request = new ImageGenerationOptions("a house style") { Model = new ImageModel("house-model") };
        RecordingApi api = Api();
        ImagesClient strict = Client(api, b => b.Amount = 1m, o => o.ValidateRequests = false);
        ImagesClient lenient = Client(api, b =>
        {
            b.Amount = 1m;
            b.AllowUnknownCost = true;
        }, o => o.ValidateRequests = false);
        Assert.Null(strict.EstimateCost(request).Amount);

        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => strict.GenerateAsync(request));
        await lenient.GenerateAsync(request);

        Assert.Null(error.Estimate);
        Assert.Equal(1m, error.Remaining);
        Assert.Contains("cannot be estimated", error.Message, StringComparison.Ordinal);
        Assert.Single(api.Sent);
    }
}
