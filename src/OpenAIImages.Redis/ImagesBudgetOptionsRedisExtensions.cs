using System;
using OpenAIImages.Redis;
using StackExchange.Redis;

namespace OpenAIImages;

/// <summary>Keeps a client's budgets in Redis, so every process that uses the same Redis spends from one budget.</summary>
public static class ImagesBudgetOptionsRedisExtensions
{
    /// <summary>Sets <see cref="ImagesBudgetOptions.Store"/> to a <see cref="RedisImagesBudgetStore"/> over <paramref name="connection"/>.</summary>
    /// <param name="options">The budget options, for example <c>options.Budgets</c>.</param>
    /// <param name="connection">The connection to Redis.</param>
    /// <param name="keyPrefix">What every key starts with (default <see cref="RedisImagesBudgetStore.DefaultKeyPrefix"/>); clients that share a budget use the same prefix.</param>
    /// <returns>The same options.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ImagesBudgetOptions UseRedis(this ImagesBudgetOptions options, IConnectionMultiplexer connection, string? keyPrefix = null)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Store = new RedisImagesBudgetStore(connection, keyPrefix);
        return options;
    }
}
