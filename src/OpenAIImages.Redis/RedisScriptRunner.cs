using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace OpenAIImages.Redis;

/// <summary>
/// What the Redis stores share: the connection and database, their keys' prefix, the clock their scripts run by, and
/// waiting for Redis's answer no longer than the store's timeout or the caller's cancellation. Checks the stores'
/// common constructor arguments, under the stores' own parameter names.
/// </summary>
internal sealed class RedisScriptRunner
{
    public const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    // DateTimeOffset.UnixEpoch is not in netstandard2.0.
    public const long UnixEpochTicks = 621_355_968_000_000_000;

    private readonly IConnectionMultiplexer _connection;
    private readonly int _database;
    private readonly TimeProvider? _clock;
    private readonly TimeSpan? _timeout;
    private readonly string _store;

    /// <param name="connection">The connection.</param>
    /// <param name="keyPrefix">What every key starts with, or null for <paramref name="defaultPrefix"/>.</param>
    /// <param name="defaultPrefix">The store's default prefix.</param>
    /// <param name="database">The database number, -1 for the connection's default.</param>
    /// <param name="clock">The scripts' clock, or null for the Redis server's own.</param>
    /// <param name="timeout">The longest one call may take, or null (or infinite) for the connection's own timeout.</param>
    /// <param name="store">The store's name in messages, such as "budget store".</param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="keyPrefix"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative (other than <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public RedisScriptRunner(IConnectionMultiplexer connection, string? keyPrefix, string defaultPrefix, int database, TimeProvider? clock, TimeSpan? timeout, string store)
    {
        if (connection is null)
        {
            throw new ArgumentNullException(nameof(connection));
        }

        if (keyPrefix is { Length: 0 })
        {
            throw new ArgumentException("The key prefix must not be empty; pass null for the default.", nameof(keyPrefix));
        }

        if (timeout is { } limit && limit <= TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "The store's timeout must be positive, or Timeout.InfiniteTimeSpan (or null) for none of its own.");
        }

        _connection = connection;
        Prefix = keyPrefix ?? defaultPrefix;
        _database = database;
        _clock = clock;
        _timeout = timeout == Timeout.InfiniteTimeSpan ? null : timeout;
        _store = store;
    }

    /// <summary>Gets what every key of the store starts with.</summary>
    public string Prefix { get; }

    public IDatabase Database => _connection.GetDatabase(_database);

    /// <summary>Now on the store's clock in microseconds since 1970, or -1, which asks the script for the server's TIME.</summary>
    public long Now() => _clock is null ? -1 : (_clock.GetUtcNow().UtcTicks - UnixEpochTicks) / TicksPerMicrosecond;

    /// <summary>A time span in whole microseconds, rounded up; 0 for none.</summary>
    public static long Microseconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (span.Ticks + TicksPerMicrosecond - 1) / TicksPerMicrosecond;

    /// <summary>Runs a script and waits for its answer.</summary>
    public Task<RedisResult> RunAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken) =>
        AnswerAsync(Database.ScriptEvaluateAsync(script, keys, values), cancellationToken);

    /// <summary>Redis's answer, or an end to waiting for it: the caller's cancellation, or the store's timeout.</summary>
    /// <exception cref="RedisTimeoutException">Redis did not answer within the store's timeout.</exception>
    public async Task<RedisResult> AnswerAsync(Task<RedisResult> command, CancellationToken cancellationToken)
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
            throw new RedisTimeoutException(CommandFlags.None, "Redis did not answer within " + _timeout.GetValueOrDefault().TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + $" s (the {_store}'s timeout); the store stopped waiting.", CommandStatus.Unknown);
        }
        catch (OperationCanceledException) when (!command.IsCompleted)
        {
            Observe(command);
            throw;
        }
    }

    // A command left behind still ends; its failure is observed so that it is not an unobserved task exception.
    private static void Observe(Task command) =>
        command.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
