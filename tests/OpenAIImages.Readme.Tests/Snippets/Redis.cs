using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace OpenAIImages.Readme.Tests.Snippets;

internal static partial class Snippet
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
