using System;
using Microsoft.Extensions.Options;
using OpenAIImages;
using OpenAIImages.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the rate limits and budgets of a client registered with <c>AddImagesClient</c> in Redis, shared by every process that uses it.</summary>
public static class ImagesRedisHttpClientBuilderExtensions
{
    // AddImagesClient names its HttpClient after the client: "OpenAIImages" for the unnamed one, "OpenAIImages:{name}" otherwise.
    private const string HttpClientPrefix = "OpenAIImages";

    /// <summary>Keeps the client's rate limits in Redis: every process whose clients use the same Redis and key prefix shares one budget per model.</summary>
    /// <remarks>
    /// Each call to Redis is bounded by the client's <see cref="ImagesClientOptions.Timeout"/> (and the connection's own
    /// <c>asyncTimeout</c>) and ends at once when the caller cancels. The store is set after every other configuration of
    /// the client's options, so it replaces a <see cref="ImagesRateLimitOptions.Store"/> set there.
    /// </remarks>
    /// <param name="builder">The builder <c>AddImagesClient</c> returned.</param>
    /// <param name="connection">The connection to Redis; null (the default) for the <see cref="IConnectionMultiplexer"/> registered in the services.</param>
    /// <param name="keyPrefix">What every key starts with (default <see cref="RedisImagesRateLimitStore.DefaultKeyPrefix"/>).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="builder"/> did not come from <c>AddImagesClient</c>, or <paramref name="keyPrefix"/> is empty.</exception>
    public static IHttpClientBuilder UseRedisRateLimits(this IHttpClientBuilder builder, IConnectionMultiplexer? connection = null, string? keyPrefix = null)
    {
        OptionsBuilder<ImagesClientOptions> options = OptionsOf(builder);
        if (connection is not null)
        {
            if (keyPrefix is { Length: 0 })
            {
                throw new ArgumentException("The key prefix must not be empty; pass null for the default.", nameof(keyPrefix));
            }

            options.PostConfigure(o => o.RateLimits.Store = new RedisImagesRateLimitStore(connection, keyPrefix, timeout: StoreTimeout(o)));
        }
        else
        {
            if (keyPrefix is { Length: 0 })
            {
                throw new ArgumentException("The key prefix must not be empty; pass null for the default.", nameof(keyPrefix));
            }

            options.PostConfigure<IConnectionMultiplexer>((o, registered) => o.RateLimits.Store = new RedisImagesRateLimitStore(registered, keyPrefix, timeout: StoreTimeout(o)));
        }

        return builder;
    }

    /// <summary>Keeps the client's budgets (<see cref="ImagesClientOptions.Budgets"/>) in Redis: every process whose clients use the same Redis and key prefix spends from one budget.</summary>
    /// <remarks>Each call to Redis is bounded as by <see cref="UseRedisRateLimits"/>; the store replaces a <see cref="ImagesBudgetOptions.Store"/> set in configuration code.</remarks>
    /// <param name="builder">The builder <c>AddImagesClient</c> returned.</param>
    /// <param name="connection">The connection to Redis; null (the default) for the <see cref="IConnectionMultiplexer"/> registered in the services.</param>
    /// <param name="keyPrefix">What every key starts with (default <see cref="RedisImagesBudgetStore.DefaultKeyPrefix"/>).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="builder"/> did not come from <c>AddImagesClient</c>, or <paramref name="keyPrefix"/> is empty.</exception>
    public static IHttpClientBuilder UseRedisBudgets(this IHttpClientBuilder builder, IConnectionMultiplexer? connection = null, string? keyPrefix = null)
    {
        OptionsBuilder<ImagesClientOptions> options = OptionsOf(builder);
        if (keyPrefix is { Length: 0 })
        {
            throw new ArgumentException("The key prefix must not be empty; pass null for the default.", nameof(keyPrefix));
        }

        if (connection is not null)
        {
            options.PostConfigure(o => o.Budgets.Store = new RedisImagesBudgetStore(connection, keyPrefix, timeout: StoreTimeout(o)));
        }
        else
        {
            options.PostConfigure<IConnectionMultiplexer>((o, registered) => o.Budgets.Store = new RedisImagesBudgetStore(registered, keyPrefix, timeout: StoreTimeout(o)));
        }

        return builder;
    }

    // After every Configure, so the client's final Timeout bounds each call to Redis: a Redis that does not answer ends
    // the call within it. A timeout off (or past what a timer can hold) leaves the connection's own asyncTimeout.
    private static TimeSpan? StoreTimeout(ImagesClientOptions options) =>
        options.Timeout > TimeSpan.Zero && options.Timeout < TimeSpan.FromDays(49) ? options.Timeout : null;

    private static OptionsBuilder<ImagesClientOptions> OptionsOf(IHttpClientBuilder builder)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        string? name = builder.Name == HttpClientPrefix ? string.Empty
            : builder.Name.StartsWith(HttpClientPrefix + ":", StringComparison.Ordinal) ? builder.Name.Substring(HttpClientPrefix.Length + 1)
            : null;
        if (name is null)
        {
            throw new ArgumentException($"UseRedisRateLimits and UseRedisBudgets need the builder that AddImagesClient returned; '{builder.Name}' is not an OpenAIImages client.", nameof(builder));
        }

        return builder.Services.AddOptions<ImagesClientOptions>(name);
    }
}
