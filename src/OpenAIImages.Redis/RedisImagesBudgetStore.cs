using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace OpenAIImages.Redis;

/// <summary>
/// An <see cref="ImagesBudgetStore"/> in Redis: every process whose clients use the same Redis and key prefix shares one
/// client budget and one budget per end user, and none of them can spend past it.
/// </summary>
/// <remarks>
/// Each operation is one Lua script, so two processes can never both take the last of a budget. Amounts are kept as
/// integer micro-units (the amount times 1,000,000), so sums are exact. A budget's keys share a hash tag
/// (<c>{budget}</c>), so the scripts run on Redis Cluster too; they expire a day after their period (or window) has
/// passed. Calendar periods are in UTC by the Redis server's clock unless a clock is given. The store holds no state of
/// its own.
/// </remarks>
public sealed class RedisImagesBudgetStore : ImagesBudgetStore
{
    /// <summary>The key prefix used when none is given: <c>openaiimages:budget</c>.</summary>
    public const string DefaultKeyPrefix = "openaiimages:budget";

    private const decimal MicroUnits = 1_000_000m;

    private readonly RedisScriptRunner _redis;

    /// <summary>Creates a store over <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection to Redis, usually one per application.</param>
    /// <param name="keyPrefix">What every key starts with (default <see cref="DefaultKeyPrefix"/>); clients that should share a budget use the same prefix.</param>
    /// <param name="database">The Redis database number (default -1, the connection's default).</param>
    /// <param name="clock">The clock that decides the period and the window; null (the default) for the Redis server's own, which every process agrees on. Tests pass a fake one.</param>
    /// <param name="timeout">The longest one call to Redis may take before the store stops waiting (the client reports an <see cref="ImagesConnectionException"/>, nothing sent); null for the connection's own timeout.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="keyPrefix"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative (other than <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public RedisImagesBudgetStore(IConnectionMultiplexer connection, string? keyPrefix = null, int database = -1, TimeProvider? clock = null, TimeSpan? timeout = null)
    {
        _redis = new RedisScriptRunner(connection, keyPrefix, DefaultKeyPrefix, database, clock, timeout, "budget store");
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; an amount Redis reserves after that is given back.</exception>
    public override async ValueTask<ImagesBudgetReservation> ReserveAsync(string budget, decimal amount, decimal limit, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey[] keys = Keys(budget);
        string id = Guid.NewGuid().ToString("N");
        Task<RedisResult> reserve = _redis.Database.ScriptEvaluateAsync(RedisBudgetScripts.Reserve, keys, [Micros(amount, up: true), Micros(limit, up: false), Mode(period), RedisScriptRunner.Microseconds(window), _redis.Now(), id]);
        RedisResult result;
        try
        {
            result = await _redis.AnswerAsync(reserve, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!reserve.IsCompleted)
        {
            // The caller has gone, but Redis may still reserve: then it goes back.
            _ = GiveBackIfTakenAsync(reserve, keys, period, amount);
            throw;
        }

        var answer = (RedisResult[])result!;
        long left = long.Parse((string)answer[2]!, CultureInfo.InvariantCulture);
        long resets = long.Parse((string)answer[3]!, CultureInfo.InvariantCulture);
        return new ImagesBudgetReservation((long)answer[0] == 1, (string)answer[1]!, left / MicroUnits, new DateTimeOffset(RedisScriptRunner.UnixEpochTicks + (resets * RedisScriptRunner.TicksPerMicrosecond), TimeSpan.Zero));
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    public override async ValueTask SettleAsync(string budget, string reservation, decimal reserved, decimal actual, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _redis.RunAsync(RedisBudgetScripts.Settle, [Keys(budget)[0]], [Mode(period), reservation, Micros(reserved, up: true), Micros(actual, up: true)], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="RedisException">Redis could not be reached, refused the script, or did not answer within the store's timeout.</exception>
    public override async ValueTask ReleaseAsync(string budget, string reservation, decimal reserved, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _redis.RunAsync(RedisBudgetScripts.Release, Keys(budget), [Mode(period), reservation, Micros(reserved, up: true)], cancellationToken).ConfigureAwait(false);
    }

    private async Task GiveBackIfTakenAsync(Task<RedisResult> reserve, RedisKey[] keys, ImagesBudgetPeriod period, decimal amount)
    {
        try
        {
            var answer = (RedisResult[])(await reserve.ConfigureAwait(false))!;
            if ((long)answer[0] == 1)
            {
                await _redis.RunAsync(RedisBudgetScripts.Release, keys, [Mode(period), (string)answer[1]!, Micros(amount, up: true)], CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (RedisException)
        {
            // Nothing was taken, or Redis is gone: an amount not given back is spent until its period ends.
        }
    }

    private static string Mode(ImagesBudgetPeriod period) => period switch
    {
        ImagesBudgetPeriod.Month => "month",
        ImagesBudgetPeriod.Rolling => "rolling",
        _ => "day",
    };

    // A reservation rounds up and a limit down, so rounding never lets a budget be passed.
    private static long Micros(decimal amount, bool up)
    {
        decimal micros = amount * MicroUnits;
        return (long)(up ? decimal.Ceiling(micros) : decimal.Floor(micros));
    }

    private RedisKey[] Keys(string budget) => [_redis.Prefix + ":{" + budget + "}", _redis.Prefix + ":{" + budget + "}:window"];
}
