// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages;
using StackExchange.Redis;

namespace ReadmeUser.RedisBlock;

internal static class Snippet
{
    public static async Task<ConnectionMultiplexer> Redis(IServiceCollection services, IConfiguration configuration)
    {
        // begin-snippet: redis
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration["Redis"]!); // such as "localhost:6379"
        services.AddImagesClient(options => options.RateLimits.ImagesPerMinute["gpt-image-2"] = 20)
            .UseRedisRateLimits(redis);                        // or UseRedisRateLimits() for the IConnectionMultiplexer in DI
        // without DI: options.RateLimits.UseRedis(redis), or RateLimits.Store = new RedisImagesRateLimitStore(redis, "myapp")
        // end-snippet
        return redis;
    }
}
