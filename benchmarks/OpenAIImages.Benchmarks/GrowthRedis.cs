using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Redis;
using StackExchange.Redis;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The growth benchmark's Redis limiter case, in child processes against one redis-server the parent starts.
/// <c>take</c>: the store's <see cref="RedisImagesRateLimitStore.TakeAsync"/> in a loop (16 at once) from one shared
/// budget for <see cref="GrowthOptions.RedisSeconds"/>, from a start time the parent gives every child of a row, so
/// that 1 or 4 processes take at once. <c>inproc-call</c> and <c>redis-call</c>: sequential small calls of our client
/// (over an in-process canned handler) with the in-process limiter or the Redis store: the time Redis adds per call.
/// </summary>
public static class GrowthRedis
{
    private const int Concurrency = 16;

    private const string Model = "dall-e-3";

    /// <summary>Runs one row's child; the detail starts with the figure the parent reads (permits/s or µs per call).</summary>
    /// <param name="variant">take, inproc-call or redis-call.</param>
    /// <param name="size">Processes (take; for the label only) or calls.</param>
    /// <param name="address">The redis-server as http://127.0.0.1:port/, and for take the start time in Unix ms as its path.</param>
    public static async Task<string> RunAsync(string variant, int size, string address)
    {
        var uri = new Uri(address);
        string endpoint = uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        return variant switch
        {
            "take" => await TakeAsync(endpoint, long.Parse(uri.AbsolutePath.Trim('/'), CultureInfo.InvariantCulture)).ConfigureAwait(false),
            "inproc-call" => await CallsAsync(null, size).ConfigureAwait(false),
            "redis-call" => await CallsAsync(endpoint, size).ConfigureAwait(false),
            _ => throw new ArgumentException("Unknown Redis variant " + variant, nameof(variant)),
        };
    }

    private static async Task<string> TakeAsync(string endpoint, long startUnixMs)
    {
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=true").ConfigureAwait(false);
        var store = new RedisImagesRateLimitStore(redis, "growth-bench");
        await store.TakeAsync(Model, null, 1, Clients.NeverWaits, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        TimeSpan untilStart = DateTimeOffset.FromUnixTimeMilliseconds(startUnixMs) - DateTimeOffset.UtcNow;
        if (untilStart > TimeSpan.Zero)
        {
            await Task.Delay(untilStart).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(GrowthOptions.RedisSeconds);
        long taken = 0;
        long waited = 0;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                TimeSpan wait = await store.TakeAsync(Model, null, 1, Clients.NeverWaits, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref wait == TimeSpan.Zero ? ref taken : ref waited);
            }
        })).ConfigureAwait(false);
        double perSecond = taken / clock.Elapsed.TotalSeconds;
        return waited == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{perSecond:0} permits/s ({taken:N0} taken, {Concurrency} at once)")
            : throw new InvalidOperationException($"{waited} takes were told to wait; the budget should never run out");
    }

    private static async Task<string> CallsAsync(string? endpoint, int calls)
    {
        ConnectionMultiplexer? redis = endpoint is null ? null : await ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=true").ConfigureAwait(false);
        try
        {
            using var handler = new CannedHandler(Payloads.UrlResponse());
            ImagesClient client = Clients.Ours(handler, configure: options =>
            {
                if (redis is not null)
                {
                    options.RateLimits.UseRedis(redis, "growth-bench-calls");
                }
            });
            var generation = new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.DallE3, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url };
            for (int i = 0; i < 50; i++)
            {
                await client.GenerateAsync(generation).ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++)
            {
                ImageResult result = await client.GenerateAsync(generation).ConfigureAwait(false);
                if (result.Images[0].Url is null)
                {
                    throw new InvalidOperationException("no URL in the answer");
                }
            }

            double micros = clock.Elapsed.TotalMilliseconds * 1000 / calls;
            return string.Create(CultureInfo.InvariantCulture, $"{micros:0.0} µs/call ({calls:N0} calls, {(redis is null ? "in-process limiter" : "Redis store")})");
        }
        finally
        {
            redis?.Dispose();
        }
    }
}
