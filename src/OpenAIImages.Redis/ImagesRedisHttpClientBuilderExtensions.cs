using System;
using Microsoft.Extensions.Options;
using OpenAIImages;
using OpenAIImages.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the rate limits of a client registered with <c>AddImagesClient</c> in Redis, shared by every process that uses it.</summary>
public static class ImagesRedisHttpClientBuilderExtensions
{
    // AddImagesClient names its HttpClient after the client: "OpenAIImages" for the unnamed one, "OpenAIImages:{name}" otherwise.
    private const string HttpClientPrefix = "OpenAIImages";

    /// <summary>Keeps the client's rate limits in Redis: every process whose clients use the same Redis and key prefix shares one budget per model.</summary>
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
            var store = new RedisImagesRateLimitStore(connection, keyPrefix);
            options.Configure(o => o.RateLimits.Store = store);
        }
        else
        {
            if (keyPrefix is { Length: 0 })
            {
                throw new ArgumentException("The key prefix must not be empty; pass null for the default.", nameof(keyPrefix));
            }

            options.Configure<IConnectionMultiplexer>((o, registered) => o.RateLimits.Store = new RedisImagesRateLimitStore(registered, keyPrefix));
        }

        return builder;
    }

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
            throw new ArgumentException($"UseRedisRateLimits needs the builder that AddImagesClient returned; '{builder.Name}' is not an OpenAIImages client.", nameof(builder));
        }

        return builder.Services.AddOptions<ImagesClientOptions>(name);
    }
}
