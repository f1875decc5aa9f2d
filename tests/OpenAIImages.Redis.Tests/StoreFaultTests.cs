using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Redis.Tests.Support;
using StackExchange.Redis;

namespace OpenAIImages.Redis.Tests;

/// <summary>A Redis that does not answer, a caller who cancels, and values in the bucket the store never wrote.</summary>
[Collection(RedisCollection.Name)]
public sealed class StoreFaultTests(RedisServer redis) : IAsyncLifetime
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    private readonly FakeTimeProvider _time = new();
    private readonly string _prefix = "test:" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _connection;

    public async Task InitializeAsync() => _connection = await redis.ConnectAsync();

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private IDatabase Db => _connection!.GetDatabase();

    private RedisKey Bucket => _prefix + ":{gpt-image-2}:bucket";

    private RedisKey Pause => _prefix + ":{gpt-image-2}:pause";

    private long NowMicroseconds => (_time.GetUtcNow().UtcTicks - UnixEpochTicks) / 10;

    private static ImageGenerationOptions GptImage2(string prompt) => new(prompt) { Model = ImageModel.GptImage2 };

    private ImagesClient TwoAMinute(Api api) => api.Client(_time, o =>
    {
        o.RateLimits.ImagesPerMinute["gpt-image-2"] = 2;
        o.RateLimits.MaxWait = TimeSpan.Zero;
        o.RateLimits.Store = new RedisImagesRateLimitStore(_connection!, _prefix, clock: _time);
    });

    [Fact]
    public async Task A_caller_who_cancels_while_Redis_does_not_answer_gets_OperationCanceledException_not_the_connections_timeout()
    {
        await using SilentRedis silent = await SilentRedis.StartAsync();
        var api = new Api(_time);
        ImagesClient client = api.Client(_time, o => o.RateLimits.Store = new RedisImagesRateLimitStore(silent.Connection, _prefix));
        using var cancel = new CancellationTokenSource();

        Task<ImageResult> call = client.GenerateAsync(GptImage2("x"), cancel.Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        // Redis never answers and its connection gives up only after 30 s, with a RedisTimeoutException: an
        // OperationCanceledException can only come from the store ending the wait when the caller cancelled.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Empty(api.Sent);
    }

    [Fact]
    public async Task A_Redis_that_does_not_answer_within_the_stores_timeout_ends_the_call_in_ImagesConnectionException_and_sends_nothing()
    {
        await using SilentRedis silent = await SilentRedis.StartAsync();
        var api = new Api(_time);
        var clock = new TimerSignalClock(_time);
        ImagesClient client = api.Client(_time, o => o.RateLimits.Store = new RedisImagesRateLimitStore(silent.Connection, _prefix, clock: clock, timeout: TimeSpan.FromSeconds(2)));

        Task<ImageResult> call = client.GenerateAsync(GptImage2("x"));
        await clock.TimerStarted;
        _time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<ImagesConnectionException>(() => call);
        Assert.Contains("rate-limit store (RedisImagesRateLimitStore)", error.Message);
        Assert.Contains("did not answer within 2 s", error.Message);
        Assert.IsType<RedisTimeoutException>(error.InnerException);
        Assert.Empty(api.Sent);
    }

    [Fact]
    public async Task UseRedisRateLimits_bounds_each_call_to_Redis_by_the_clients_Timeout()
    {
        await using SilentRedis silent = await SilentRedis.StartAsync();
        var api = new Api(_time);
        var services = new ServiceCollection();
        services.AddImagesClient(o =>
            {
                o.ApiKey = "sk-test-0123456789abcdef";
                o.BaseAddress = new Uri("https://api.test/v1/");
                o.Timeout = TimeSpan.FromMilliseconds(300);
            })
            .UseRedisRateLimits(silent.Connection, _prefix)
            .ConfigurePrimaryHttpMessageHandler(() => api.Handler);
        await using ServiceProvider provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAnyAsync<ImagesException>(() => provider.GetRequiredService<ImagesClient>().GenerateAsync(GptImage2("x")));

        // The connection's own timeout is 30 s; what ends the call is the client's: the call's deadline (the pipeline's
        // timer) or the store's own bound, which is the same 0.3 s, whichever fires first.
        Assert.True(
            error is ImagesTimeoutException { Timeout.TotalSeconds: 0.3, IsAttemptTimeout: false } || (error is ImagesConnectionException && error.Message.Contains("did not answer within 0.3 s", StringComparison.Ordinal)),
            error.ToString());
        Assert.Empty(api.Sent);
    }

    [Theory]
    [InlineData("inf", "now")]
    [InlineData("-inf", "now")]
    [InlineData("nan", "now")]
    [InlineData("-nan", "now")]
    [InlineData("1e400", "now")]
    [InlineData("text", "now")]
    [InlineData("", "now")]
    [InlineData("2", "inf")]
    [InlineData("2", "-inf")]
    [InlineData("2", "nan")]
    [InlineData("2", "text")]
    [InlineData("2", "far future")]
    [InlineData("-1e300", "now")]
    public async Task A_bucket_value_the_store_did_not_write_counts_as_empty_and_heals_within_a_minute(string tokens, string updated)
    {
        var api = new Api(_time);
        ImagesClient client = TwoAMinute(api);
        string at = updated switch
        {
            "now" => NowMicroseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "far future" => (NowMicroseconds + 3_600_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => updated,
        };
        await Db.HashSetAsync(Bucket, [new HashEntry("tokens", tokens), new HashEntry("updated", at)]);

        var refused = await Assert.ThrowsAsync<ImagesClientRateLimitException>(() => client.GenerateAsync(GptImage2("first")));
        Assert.Equal(TimeSpan.FromSeconds(30), refused.RetryAfter);
        Assert.Empty(api.Sent);

        _time.Advance(TimeSpan.FromMinutes(1));
        await client.GenerateAsync(GptImage2("second"));
        await client.GenerateAsync(GptImage2("third"));
        await Assert.ThrowsAsync<ImagesClientRateLimitException>(() => client.GenerateAsync(GptImage2("fourth")));
        Assert.Equal(2, api.Sent.Count);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-inf")]
    [InlineData("nan")]
    [InlineData("text")]
    public async Task A_pause_value_the_store_did_not_write_holds_calls_back_for_a_minute_not_for_ever(string pause)
    {
        var api = new Api(_time);
        ImagesClient client = TwoAMinute(api);
        await Db.StringSetAsync(Pause, pause);

        var refused = await Assert.ThrowsAsync<ImagesClientRateLimitException>(() => client.GenerateAsync(GptImage2("first")));
        Assert.Equal(TimeSpan.FromMinutes(1), refused.RetryAfter);

        _time.Advance(TimeSpan.FromMinutes(1));
        await client.GenerateAsync(GptImage2("second"));
        Assert.Single(api.Sent);
    }

    [Fact]
    public async Task Images_given_back_never_fill_a_bucket_the_store_did_not_write()
    {
        var store = new RedisImagesRateLimitStore(_connection!, _prefix, clock: _time);
        await Db.HashSetAsync(Bucket, [new HashEntry("tokens", "-inf"), new HashEntry("updated", NowMicroseconds)]);

        await store.ReturnAsync("gpt-image-2", null, 5, 2, CancellationToken.None);
        TimeSpan wait = await store.TakeAsync("gpt-image-2", null, 1, 2, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(30), wait);
    }

    [Fact]
    public async Task Images_that_Redis_reserves_for_a_take_the_caller_abandoned_go_back_to_the_budget()
    {
        var store = new RedisImagesRateLimitStore(_connection!, _prefix, clock: _time);
        using var cancel = new CancellationTokenSource();

        // Redis holds every command for half a second: the take is sent, the caller cancels, and Redis runs it after.
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "500", "ALL");
        Task<TimeSpan> take = store.TakeAsync("gpt-image-2", null, 2, 2, TimeSpan.Zero, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take);

        // Once Redis answers, the store gives the two images back: the bucket is full again.
        for (int i = 0; i < 250 && await Db.HashGetAsync(Bucket, "tokens") != "2"; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(TimeSpan.Zero, await store.TakeAsync("gpt-image-2", null, 2, 2, TimeSpan.Zero, CancellationToken.None));
    }

    // Values a hand, another program or a bad restore may leave in a bucket: numbers of every size and sign, Lua's and
    // C's spellings of infinity and NaN, hex floats, blanks and text.
    private static string RandomValue(Random random)
    {
        string[] specials = ["inf", "-inf", "+inf", "INF", "infinity", "nan", "-nan", "NaN", "1e309", "-1e309", "0x1p1000", "-0x1p1000", " inf ", "", " ", "text", "1,5", "--1", "0x", "1e", "9e18", "-9e18", "-0"];
        return random.Next(3) switch
        {
            0 => specials[random.Next(specials.Length)],
            1 => (random.NextDouble() * Math.Pow(10, random.Next(-5, 320)) * (random.Next(2) == 0 ? 1 : -1)).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => "0123456789.e+-xinfa "[random.Next(20)]).ToArray()),
        };
    }

    [Fact]
    public async Task Whatever_a_bucket_holds_no_more_calls_go_in_its_first_minute_than_the_limit()
    {
        var random = new Random(2026);
        for (int run = 0; run < 60; run++)
        {
            var api = new Api(_time);
            ImagesClient client = TwoAMinute(api);
            string tokens = RandomValue(random);
            string updated = random.Next(2) == 0 ? NowMicroseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) : RandomValue(random);
            await Db.HashSetAsync(Bucket, [new HashEntry("tokens", tokens), new HashEntry("updated", updated)]);

            for (int call = 0; call < 3; call++)
            {
                try
                {
                    await client.GenerateAsync(GptImage2("call " + call));
                }
                catch (ImagesClientRateLimitException refused)
                {
                    Assert.True(refused.RetryAfter > TimeSpan.Zero, $"tokens '{tokens}', updated '{updated}': a refusal with no wait");
                }
            }

            Assert.True(api.Sent.Count <= 2, $"tokens '{tokens}', updated '{updated}': {api.Sent.Count} calls went at 2 a minute");
            await Db.KeyDeleteAsync(Bucket);
        }
    }
}
