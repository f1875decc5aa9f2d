using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace OpenAIImages.Redis;

/// <summary>
/// An <see cref="ImagesRateLimitStore"/> in Redis: every process whose clients use the same Redis and key prefix shares
/// one budget of images per minute per model (and per end user when partitioned), and one pause per model when the
/// service says its budget is spent.
/// </summary>
/// <remarks>
/// Each budget is a token bucket in a Redis hash, refilled evenly over the minute and taken by one Lua script, so two
/// processes can never both take the last images. It counts images (<c>n</c>), not requests. A model's keys share a
/// hash tag (<c>{model}</c>), so the script runs on Redis Cluster too. Keys expire once their bucket would be full
/// again. The store holds no state of its own: make one per connection and share it, or one per client; either way the
/// budget lives in Redis.
/// </remarks>
public sealed class RedisImagesRateLimitStore : ImagesRateLimitStore
{
    /// <summary>The key prefix used when none is given: <c>openaiimages:ratelimit</c>.</summary>
    public const string DefaultKeyPrefix = "openaiimages:ratelimit";

    private readonly RedisScriptRunner _redis;

    /// <summary>Creates a store over <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection to Redis, usually one per application.</param>
    /// <param name="keyPrefix">What every key starts with (default <see cref="DefaultKeyPrefix"/>); clients that should share a budget use the same prefix.</param>
    /// <param name="database">The Redis database number (default -1, the connection's default).</param>
    /// <param name="clock">
    /// The clock the buckets refill by; null (the default) for the Redis server's own clock, which every process agrees
    /// on. Tests pass a fake one, as the processes of one test share it. The <paramref name="timeout"/> runs on it too.
    /// </param>
    /// <param name="timeout">
    /// The longest one call to Redis may take before the store stops waiting and throws a
    /// <see cref="RedisTimeoutException"/> (which the client reports as an <see cref="ImagesConnectionException"/>,
    /// nothing sent); null (the default) for the connection's own timeout (<c>asyncTimeout</c>, 5 s unless set). Set it
    /// to the client's <see cref="ImagesClientOptions.Timeout"/> or less, so a Redis that does not answer cannot hold a
    /// call past it; <c>UseRedisRateLimits</c> does.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="keyPrefix"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative (other than <see cref="Timeout.InfiniteTimeSpan"/>, no limit of the store's own).</exception>
    public RedisImagesRateLimitStore(IConnectionMultiplexer connection, string? keyPrefix = null, int database = -1, TimeProvider? clock = null, TimeSpan? timeout = null)
    {
        _redis = new RedisScriptRunner(connection, keyPrefix, DefaultKeyPrefix, database, clock, timeout, "rate-limit store");
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the store stops waiting for Redis at once, and gives back images Redis takes after that.</exception>
    public override async ValueTask<TimeSpan> TakeAsync(string model, string? partition, int permits, int perMinute, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey bucket = BucketKey(model, partition);
        long most = RedisScriptRunner.Microseconds(maxWait);
        Task<RedisResult> take = _redis.Database.ScriptEvaluateAsync(RedisRateLimitScripts.Take, [bucket, PauseKey(model)], [permits, perMinute, most, _redis.Now()]);
        RedisResult result;
        try
        {
            result = await _redis.AnswerAsync(take, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!take.IsCompleted)
        {
            // The caller has gone, but Redis may still run the script and reserve the images: then they go back.
            _ = GiveBackIfTakenAsync(take, bucket, permits, perMinute, most);
            throw;
        }

        return TimeSpan.FromTicks((long)result * RedisScriptRunner.TicksPerMicrosecond);
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override async ValueTask ReturnAsync(string model, string? partition, int permits, int perMinute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _redis.RunAsync(RedisRateLimitScripts.Return, [BucketKey(model, partition)], [permits, perMinute], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override async ValueTask PauseAsync(string model, TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _redis.RunAsync(RedisRateLimitScripts.Pause, [PauseKey(model)], [RedisScriptRunner.Microseconds(duration), _redis.Now()], cancellationToken).ConfigureAwait(false);
    }

    private async Task GiveBackIfTakenAsync(Task<RedisResult> take, RedisKey bucket, int permits, int perMinute, long most)
    {
        try
        {
            long wait = (long)await take.ConfigureAwait(false);
            if (perMinute > 0 && wait <= most)
            {
                await _redis.RunAsync(RedisRateLimitScripts.Return, [bucket], [permits, perMinute], CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (RedisException)
        {
            // Nothing was taken, or Redis is gone: images not given back refill with time.
        }
    }

    private RedisKey BucketKey(string model, string? partition) =>
        partition is null ? _redis.Prefix + ":{" + model + "}:bucket" : _redis.Prefix + ":{" + model + "}:bucket:" + partition;

    private RedisKey PauseKey(string model) => _redis.Prefix + ":{" + model + "}:pause";
}
