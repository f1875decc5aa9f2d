using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Redis.Tests.Support;
using StackExchange.Redis;

namespace OpenAIImages.Redis.Tests;

/// <summary>Clients on separate Redis connections, as separate processes would be, share one budget per model.</summary>
[Collection(RedisCollection.Name)]
public sealed class SharedBudgetTests(RedisServer redis) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly string _prefix = "test:" + Guid.NewGuid().ToString("N");
    private readonly List<ConnectionMultiplexer> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (ConnectionMultiplexer connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<ImagesClient> ClientAsync(Api api, int perMinute, Action<ImagesClientOptions>? configure = null, WaitSignal? logs = null)
    {
        ConnectionMultiplexer connection = await redis.ConnectAsync();
        _connections.Add(connection);
        return api.Client(_time, o =>
        {
            o.RateLimits.ImagesPerMinute["gpt-image-2"] = perMinute;
            o.RateLimits.Store = new RedisImagesRateLimitStore(connection, _prefix, clock: _time);
            configure?.Invoke(o);
        }, logs);
    }

    private static ImageGenerationOptions GptImage2(string prompt) => new(prompt) { Model = ImageModel.GptImage2 };

    [Fact]
    public async Task Three_clients_of_ten_calls_each_stay_within_one_budget_of_twelve_a_minute()
    {
        var api = new Api(_time);
        DateTimeOffset start = _time.GetUtcNow();
        ImagesClient[] clients = [await ClientAsync(api, 12), await ClientAsync(api, 12), await ClientAsync(api, 12)];

        Task<ImageResult[]> calls = Task.WhenAll(clients.SelectMany((client, c) => Enumerable.Range(0, 10).Select(i => client.GenerateAsync(GptImage2($"client {c} call {i}")))));
        await FakeClock.Drive(_time, calls, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));

        IReadOnlyList<DateTimeOffset> sent = api.Sent;
        Assert.Equal(30, sent.Count);

        // One bucket of 12 refilling one image every 5 s: by any moment, at most 12 plus the refills since the start.
        foreach (DateTimeOffset at in sent)
        {
            int byThen = sent.Count(s => s <= at);
            int allowed = 12 + (int)((at - start).Ticks / TimeSpan.FromSeconds(5).Ticks);
            Assert.True(byThen <= allowed, $"{byThen} requests by {(at - start).TotalSeconds} s; one budget allows {allowed}");
        }

        Assert.True(sent.Count(s => s < start + TimeSpan.FromMinutes(1)) <= 12 + 11, "more than a minute's budget in the first minute");
        Assert.True(sent[^1] - start >= TimeSpan.FromSeconds(18 * 5), "the 18 images past the burst refill at one per 5 s");
    }

    [Fact]
    public async Task A_call_that_would_wait_past_MaxWait_for_images_another_client_took_fails_at_once_and_sends_nothing()
    {
        var api = new Api(_time);
        ImagesClient first = await ClientAsync(api, 5);
        ImagesClient second = await ClientAsync(api, 5, o => o.RateLimits.MaxWait = TimeSpan.FromSeconds(5));

        await first.GenerateAsync(new ImageGenerationOptions("five") { Model = ImageModel.GptImage2, N = 5 });
        var error = await Assert.ThrowsAsync<ImagesClientRateLimitException>(() => second.GenerateAsync(GptImage2("one more")));

        Assert.Equal("gpt-image-2", error.Model);
        Assert.Equal(TimeSpan.FromSeconds(12), error.RetryAfter);
        Assert.Contains("5 images per minute for gpt-image-2", error.Message);
        Assert.Single(api.Sent);
    }

    [Fact]
    public async Task The_budget_counts_images_not_requests_across_clients()
    {
        var api = new Api(_time);
        ImagesClient first = await ClientAsync(api, 10);
        ImagesClient second = await ClientAsync(api, 10);

        await first.GenerateAsync(new ImageGenerationOptions("six") { Model = ImageModel.GptImage2, N = 6 });
        await second.GenerateAsync(new ImageGenerationOptions("four") { Model = ImageModel.GptImage2, N = 4 });
        Task<ImageResult> third = first.GenerateAsync(new ImageGenerationOptions("three") { Model = ImageModel.GptImage2, N = 3 });
        await FakeClock.Drive(_time, third, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));

        Assert.True(api.Sent[2] - api.Sent[1] >= TimeSpan.FromSeconds(18), "three images at 10 a minute take 18 s to refill");
    }

    [Fact]
    public async Task A_call_cancelled_while_it_waits_gives_its_images_back_to_the_shared_budget()
    {
        var api = new Api(_time);
        var signal = new WaitSignal();
        ImagesClient first = await ClientAsync(api, 2, logs: signal);
        ImagesClient second = await ClientAsync(api, 2, o => o.RateLimits.MaxWait = TimeSpan.Zero);
        await first.GenerateAsync(new ImageGenerationOptions("two") { Model = ImageModel.GptImage2, N = 2 });

        using var cancel = new CancellationTokenSource();
        Task<ImageResult> waiting = first.GenerateAsync(GptImage2("waits"), cancel.Token);
        await signal.Waiting;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // With the cancelled call's image back, the next one is 30 s away (one image at 2 a minute), not 60 s.
        var error = await Assert.ThrowsAsync<ImagesClientRateLimitException>(() => second.GenerateAsync(GptImage2("next")));
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Single(api.Sent);
    }

    [Fact]
    public async Task No_images_remaining_at_the_service_holds_back_the_other_clients_calls_until_the_reset()
    {
        var api = new Api(_time, answer => answer == 0
            ? [("x-ratelimit-remaining-images", "0"), ("x-ratelimit-reset-images", "40s")]
            : [("x-ratelimit-remaining-images", "30"), ("x-ratelimit-reset-images", "1s")]);
        ImagesClient first = await ClientAsync(api, 100);
        ImagesClient second = await ClientAsync(api, 100);

        await first.GenerateAsync(GptImage2("spends the budget"));
        await FakeClock.Drive(_time, second.GenerateAsync(GptImage2("waits")), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));

        Assert.Equal(2, api.Sent.Count);
        Assert.True(api.Sent[1] - api.Sent[0] >= TimeSpan.FromSeconds(40), "the other client went before the service's reset");
    }

    [Fact]
    public async Task Each_end_user_has_a_budget_of_their_own_when_partitioned()
    {
        var api = new Api(_time);
        ImagesClient first = await ClientAsync(api, 2, o => { o.RateLimits.PartitionByUser = true; o.RateLimits.MaxWait = TimeSpan.Zero; });
        ImagesClient second = await ClientAsync(api, 2, o => { o.RateLimits.PartitionByUser = true; o.RateLimits.MaxWait = TimeSpan.Zero; });

        foreach (string user in new[] { "alice", "bob" })
        {
            await first.GenerateAsync(new ImageGenerationOptions("a") { Model = ImageModel.GptImage2, SafetyIdentifier = user });
            await second.GenerateAsync(new ImageGenerationOptions("b") { Model = ImageModel.GptImage2, SafetyIdentifier = user });
        }

        await Assert.ThrowsAsync<ImagesClientRateLimitException>(() => first.GenerateAsync(new ImageGenerationOptions("c") { Model = ImageModel.GptImage2, SafetyIdentifier = "alice" }));
        Assert.Equal(4, api.Sent.Count);
    }

    [Fact]
    public async Task UseRedisRateLimits_shares_the_budget_between_two_service_providers()
    {
        var api = new Api(_time);
        ServiceProvider[] processes = new ServiceProvider[2];
        for (int i = 0; i < processes.Length; i++)
        {
            ConnectionMultiplexer connection = await redis.ConnectAsync();
            _connections.Add(connection);
            var services = new ServiceCollection();
            services.AddImagesClient(o =>
                {
                    o.ApiKey = "sk-test-0123456789abcdef";
                    o.BaseAddress = new Uri("https://api.test/v1/");
                    o.TimeProvider = _time;
                    o.RateLimits.MaxWait = TimeSpan.FromSeconds(1);
                })
                .UseRedisRateLimits(connection, _prefix)
                .ConfigurePrimaryHttpMessageHandler(() => api.Handler);
            processes[i] = services.BuildServiceProvider();
        }

        await using ServiceProvider one = processes[0];
        await using ServiceProvider two = processes[1];
        for (int i = 0; i < 5; i++)
        {
            await one.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("p" + i) { Model = ImageModel.DallE3 });
        }

        var error = await Assert.ThrowsAsync<ImagesClientRateLimitException>(() => two.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("sixth") { Model = ImageModel.DallE3 }));
        Assert.Contains("5 images per minute for dall-e-3", error.Message);
        Assert.Equal(5, api.Sent.Count);
    }

    [Fact]
    public async Task A_Redis_that_cannot_be_reached_ends_the_call_in_ImagesConnectionException_and_sends_nothing()
    {
        var api = new Api(_time);
        var options = ConfigurationOptions.Parse($"127.0.0.1:{redis.Port}");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 500;
        options.AsyncTimeout = 500;
        options.ConnectRetry = 0;
        options.EndPoints.Clear();
        options.EndPoints.Add("127.0.0.1", FreePort());
        ConnectionMultiplexer nowhere = await ConnectionMultiplexer.ConnectAsync(options);
        _connections.Add(nowhere);
        ImagesClient client = api.Client(_time, o => o.RateLimits.Store = new RedisImagesRateLimitStore(nowhere, _prefix));

        var error = await Assert.ThrowsAsync<ImagesConnectionException>(() => client.GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 }));

        Assert.Contains("rate-limit store (RedisImagesRateLimitStore)", error.Message);
        Assert.Contains("Nothing was sent", error.Message);
        Assert.IsAssignableFrom<RedisException>(error.InnerException);
        Assert.Empty(api.Sent);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
