using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Redis.Tests.Support;
using StackExchange.Redis;

namespace OpenAIImages.Redis.Tests;

/// <summary>Clients whose budgets live in Redis: registered with UseRedisBudgets, and a Redis that cannot be reached.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisBudgetClientTests(RedisServer redis) : IAsyncLifetime
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

    [Fact]
    public async Task UseRedisBudgets_with_the_connection_registered_in_DI_holds_an_end_user_to_one_budget_across_service_providers()
    {
        var api = new Api(_time);
        var processes = new ServiceProvider[2];
        for (int i = 0; i < processes.Length; i++)
        {
            ConnectionMultiplexer connection = await redis.ConnectAsync();
            _connections.Add(connection);
            var services = new ServiceCollection();
            services.AddSingleton<IConnectionMultiplexer>(connection);
            services.AddImagesClient(o =>
                {
                    o.ApiKey = "sk-test-0123456789abcdef";
                    o.BaseAddress = new Uri("https://api.test/v1/");
                    o.TimeProvider = _time;
                    o.Budgets.PerUserAmount = 0.30m;
                })
                .UseRedisBudgets(keyPrefix: _prefix)
                .ConfigurePrimaryHttpMessageHandler(() => api.Handler);
            processes[i] = services.BuildServiceProvider();
        }

        await using ServiceProvider one = processes[0];
        await using ServiceProvider two = processes[1];
        ImageGenerationOptions For(string user) => BudgetCall.Request("p") with { SafetyIdentifier = user };
        await one.GetRequiredService<ImagesClient>().GenerateAsync(For("alice"));
        await two.GetRequiredService<ImagesClient>().GenerateAsync(For("alice"));
        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => one.GetRequiredService<ImagesClient>().GenerateAsync(For("alice")));
        await two.GetRequiredService<ImagesClient>().GenerateAsync(For("bob"));

        Assert.Equal("alice", error.User);
        Assert.Equal(0.06m, error.Remaining); // 0.30 - 2 x 0.12, spent through two providers
        Assert.Equal(3, api.Sent.Count);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddImagesClient(_ => { }).UseRedisBudgets(keyPrefix: string.Empty));
    }

    [Fact]
    public async Task A_Redis_that_cannot_be_reached_ends_the_call_in_ImagesConnectionException_and_sends_nothing()
    {
        var api = new Api(_time);
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 500;
        options.AsyncTimeout = 500;
        options.ConnectRetry = 0;
        ConnectionMultiplexer nowhere = await ConnectionMultiplexer.ConnectAsync(options);
        _connections.Add(nowhere);
        ImagesClient client = api.Client(_time, o =>
        {
            o.Budgets.Amount = 1m;
            o.Budgets.UseRedis(nowhere, _prefix);
        });

        var error = await Assert.ThrowsAsync<ImagesConnectionException>(() => client.GenerateAsync(BudgetCall.Request("x")));

        Assert.Contains("budget store (RedisImagesBudgetStore)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<RedisException>(error.InnerException);
        Assert.Empty(api.Sent);
    }
}
