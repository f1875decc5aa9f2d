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

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    // DateTimeOffset.UnixEpoch is not in netstandard2.0.
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    private readonly IConnectionMultiplexer _connection;
    private readonly int _database;
    private readonly string _prefix;
    private readonly TimeProvider? _clock;
    private readonly TimeSpan? _timeout;

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
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        if (keyPrefix is { Length: 0 })
        {
            throw new ArgumentException("The key prefix must not be empty; pass null for the default.", nameof(keyPrefix));
        }

        if (timeout is { } limit && limit <= TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "The store's timeout must be positive, or Timeout.InfiniteTimeSpan (or null) for none of its own.");
        }

        _prefix = keyPrefix ?? DefaultKeyPrefix;
        _database = database;
        _clock = clock;
        _timeout = timeout == Timeout.InfiniteTimeSpan ? null : timeout;
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the store stops waiting for Redis at once, and gives back images Redis takes after that.</exception>
    public override async ValueTask<TimeSpan> TakeAsync(string model, string? partition, int permits, int perMinute, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey bucket = BucketKey(model, partition);
        long most = Microseconds(maxWait);
        Task<RedisResult> take = Database.ScriptEvaluateAsync(RedisRateLimitScripts.Take, [bucket, PauseKey(model)], [permits, perMinute, most, Now()]);
        RedisResult result;
        try
        {
            result = await AnswerAsync(take, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!take.IsCompleted)
        {
            // The caller has gone, but Redis may still run the script and reserve the images: then they go back.
            _ = GiveBackIfTakenAsync(take, bucket, permits, perMinute, most);
            throw;
        }

        return TimeSpan.FromTicks((long)result * TicksPerMicrosecond);
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override async ValueTask ReturnAsync(string model, string? partition, int permits, int perMinute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await AnswerAsync(Database.ScriptEvaluateAsync(RedisRateLimitScripts.Return, [BucketKey(model, partition)], [permits, perMinute]), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override async ValueTask PauseAsync(string model, TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await AnswerAsync(Database.ScriptEvaluateAsync(RedisRateLimitScripts.Pause, [PauseKey(model)], [Microseconds(duration), Now()]), cancellationToken).ConfigureAwait(false);
    }

    // Redis's answer, or an end to waiting for it: the caller's cancellation, or the store's timeout. StackExchange.Redis
    // commands take no token, and time out only after the connection's asyncTimeout, so the wait is what is abandoned;
    // the command's own outcome is still observed, so a late failure is not an unobserved exception.
    private async Task<RedisResult> AnswerAsync(Task<RedisResult> command, CancellationToken cancellationToken)
    {
        if (command.IsCompleted || (_timeout is null && !cancellationToken.CanBeCanceled))
        {
            return await command.ConfigureAwait(false);
        }

        try
        {
            return await command.WaitAsync(_timeout ?? Timeout.InfiniteTimeSpan, _clock ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!command.IsCompleted)
        {
            Observe(command);
            throw new RedisTimeoutException(CommandFlags.None, "Redis did not answer within " + _timeout.GetValueOrDefault().TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s (the rate-limit store's timeout); the store stopped waiting.", CommandStatus.Unknown);
        }
        catch (OperationCanceledException) when (!command.IsCompleted)
        {
            Observe(command);
            throw;
        }
    }

    private static void Observe(Task command) =>
        command.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private async Task GiveBackIfTakenAsync(Task<RedisResult> take, RedisKey bucket, int permits, int perMinute, long most)
    {
        try
        {
            long wait = (long)await take.ConfigureAwait(false);
            if (perMinute > 0 && wait <= most)
            {
                await AnswerAsync(Database.ScriptEvaluateAsync(RedisRateLimitScripts.Return, [bucket], [permits, perMinute]), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (RedisException)
        {
            // Nothing was taken, or Redis is gone: images not given back refill with time.
        }
    }

    private IDatabase Database => _connection.GetDatabase(_database);

    private static long Microseconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (span.Ticks + TicksPerMicrosecond - 1) / TicksPerMicrosecond;

    // -1 asks the script for the server's TIME.
    private long Now() => _clock is null ? -1 : (_clock.GetUtcNow().UtcTicks - UnixEpochTicks) / TicksPerMicrosecond;

    private RedisKey BucketKey(string model, string? partition) =>
        partition is null ? _prefix + ":{" + model + "}:bucket" : _prefix + ":{" + model + "}:bucket:" + partition;

    private RedisKey PauseKey(string model) => _prefix + ":{" + model + "}:pause";
}
