using System;
using OpenAIImages.Redis;
using StackExchange.Redis;

namespace OpenAIImages;

/// <summary>Keeps a client's rate limits in Redis, so every process that uses the same Redis shares them.</summary>
public static class ImagesRateLimitOptionsRedisExtensions
{
    /// <summary>Sets <see cref="ImagesRateLimitOptions.Store"/> to a <see cref="RedisImagesRateLimitStore"/> over <paramref name="connection"/>.</summary>
    /// <param name="options">The rate-limit options, for example <c>options.RateLimits</c>.</param>
    /// <param name="connection">The connection to Redis.</param>
    /// <param name="keyPrefix">What every key starts with (default <see cref="RedisImagesRateLimitStore.DefaultKeyPrefix"/>); clients that share a budget use the same prefix.</param>
    /// <returns>The same options.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ImagesRateLimitOptions UseRedis(this ImagesRateLimitOptions options, IConnectionMultiplexer connection, string? keyPrefix = null)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Store = new RedisImagesRateLimitStore(connection, keyPrefix);
        return options;
    }
}
