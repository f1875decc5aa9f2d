using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages.Readme.Tests.Support;
using OpenAIImages.Redis.Tests.Support;
using OpenAIImages.Testing;
using StackExchange.Redis;
using Xunit;

namespace OpenAIImages.Readme.Tests;

/// <summary>The README's "Serving end users" block, run against the emulator and a Redis of the test's own.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class ServingEndUsersSnippetTests
{
    [Fact]
    public async Task Serving_end_users_block_holds_each_user_to_their_budget_in_redis_and_sends_nothing_past_it()
    {
        var redisServer = new RedisServer();
        await redisServer.InitializeAsync();
        var printed = new StringWriter();
        TextWriter console = Console.Out;
        ServiceProvider? provider = null;
        try
        {
            var emulator = new ImagesEmulator();
            var services = new ServiceCollection();
            services.Configure<ImagesClientOptions>(Microsoft.Extensions.Options.Options.DefaultName, o =>
            {
                o.ApiKey = "test";
                o.BaseAddress = new Uri("http://localhost/v1/");
            });
            services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler()));
            await using ConnectionMultiplexer redis = await redisServer.ConnectAsync();

            // "The ImagesClient from DI": the one the block's own registration makes, resolved when the block first uses it.
            var images = new FromServices(() => (provider ??= services.BuildServiceProvider()).GetRequiredService<ImagesClient>());
            Console.SetOut(printed);
            await ReadmeUser.ServingEndUsersBlock.Snippet.ServingEndUsers(services, redis, images, "a badge", "user-1");
            await ReadmeUser.ServingEndUsersBlock.Snippet.ServingEndUsers(new ServiceCollection(), redis, images, "a badge", "user-1");
            await ReadmeUser.ServingEndUsersBlock.Snippet.ServingEndUsers(new ServiceCollection(), redis, images, "a badge", "user-1");
            await ReadmeUser.ServingEndUsersBlock.Snippet.ServingEndUsers(new ServiceCollection(), redis, images, "a badge", "user-2");
            Console.SetOut(console);

            string output = printed.ToString();

            // Each badge is estimated at up to 0.053355 and costs 0.03169 by the emulator's usage: user-1's second fits in
            // 0.10 only because the first was settled at its actual cost; the third would cross it and was not sent.
            Assert.Equal(3, emulator.Requests.Count);
            Assert.Equal(4, Regex.Matches(output, @"at most 0\.053355 USD \(gpt-image-2\)").Count);
            Assert.Equal(2, Regex.Matches(output, @"user-1: 0\.0316\d* USD \(usage\)").Count);
            Assert.Matches(@"user budget: 0\.0366\d* of 0\.10 USD left until 20\d\d-", output);
            Assert.Contains("user-2: 0.0316", output, StringComparison.Ordinal);

            // The budgets live in Redis, not in this process.
            IServer server = redis.GetServer(redis.GetEndPoints()[0]);
            Assert.Contains(server.Keys(pattern: "openaiimages:budget:{user:user-1}*"), k => k.ToString().Length > 0);
            Assert.Contains(server.Keys(pattern: "openaiimages:budget:{client}*"), k => k.ToString().Length > 0);
        }
        finally
        {
            Console.SetOut(console);
            if (provider is not null)
            {
                await provider.DisposeAsync();
            }

            await redisServer.DisposeAsync();
        }
    }

    /// <summary>An <see cref="ImagesClient"/> that forwards to the one a service provider makes, asked for on first use.</summary>
    private sealed class FromServices(Func<ImagesClient> resolve) : ImagesClient
    {
        private ImagesClient? _client;

        private ImagesClient Client => _client ??= resolve();

        public override ImageCostEstimate EstimateCost(ImageGenerationOptions options) => Client.EstimateCost(options);

        public override Task<ImageResult> GenerateAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default) => Client.GenerateAsync(options, cancellationToken);
    }
}
