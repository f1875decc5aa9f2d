using System;
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

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    // DateTimeOffset.UnixEpoch is not in netstandard2.0.
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    private readonly IConnectionMultiplexer _connection;
    private readonly int _database;
    private readonly string _prefix;
    private readonly TimeProvider? _clock;

    /// <summary>Creates a store over <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection to Redis, usually one per application.</param>
    /// <param name="keyPrefix">What every key starts with (default <see cref="DefaultKeyPrefix"/>); clients that should share a budget use the same prefix.</param>
    /// <param name="database">The Redis database number (default -1, the connection's default).</param>
    /// <param name="clock">
    /// The clock the buckets refill by; null (the default) for the Redis server's own clock, which every process agrees
    /// on. Tests pass a fake one, as the processes of one test share it.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="keyPrefix"/> is empty.</exception>
    public RedisImagesRateLimitStore(IConnectionMultiplexer connection, string? keyPrefix = null, int database = -1, TimeProvider? clock = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        if (keyPrefix is { Length: 0 })
        {
            throw new ArgumentException("The key prefix must not be empty; pass null for the default.", nameof(keyPrefix));
        }

        _prefix = keyPrefix ?? DefaultKeyPrefix;
        _database = database;
        _clock = clock;
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached or refused the script.</exception>
    public override async ValueTask<TimeSpan> TakeAsync(string model, string? partition, int permits, int perMinute, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisResult result = await Database.ScriptEvaluateAsync(
            RedisRateLimitScripts.Take,
            [BucketKey(model, partition), PauseKey(model)],
            [permits, perMinute, Microseconds(maxWait), Now()]).ConfigureAwait(false);
        return TimeSpan.FromTicks((long)result * TicksPerMicrosecond);
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached or refused the script.</exception>
    public override async ValueTask ReturnAsync(string model, string? partition, int permits, int perMinute, CancellationToken cancellationToken)
    {
        await Database.ScriptEvaluateAsync(RedisRateLimitScripts.Return, [BucketKey(model, partition)], [permits, perMinute]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached or refused the script.</exception>
    public override async ValueTask PauseAsync(string model, TimeSpan duration, CancellationToken cancellationToken)
    {
        await Database.ScriptEvaluateAsync(RedisRateLimitScripts.Pause, [PauseKey(model)], [Microseconds(duration), Now()]).ConfigureAwait(false);
    }

    private IDatabase Database => _connection.GetDatabase(_database);

    private static long Microseconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (span.Ticks + TicksPerMicrosecond - 1) / TicksPerMicrosecond;

    // -1 asks the script for the server's TIME.
    private long Now() => _clock is null ? -1 : (_clock.GetUtcNow().UtcTicks - UnixEpochTicks) / TicksPerMicrosecond;

    private RedisKey BucketKey(string model, string? partition) =>
        partition is null ? _prefix + ":{" + model + "}:bucket" : _prefix + ":{" + model + "}:bucket:" + partition;

    private RedisKey PauseKey(string model) => _prefix + ":{" + model + "}:pause";
}
