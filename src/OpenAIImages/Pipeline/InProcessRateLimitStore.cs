using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Pipeline;

/// <summary>The default store: token buckets of images per minute and the service's pauses, in this process, on the options' clock.</summary>
/// <remarks>
/// A bucket holds up to the per-minute limit and refills one image every <c>60 s / limit</c>, computed from the
/// <see cref="TimeProvider"/> when asked, so no timer runs and a fake clock drives it in tests (System.Threading.RateLimiting's
/// own token bucket refills from <c>Stopwatch</c>, which a fake clock cannot move). Everything completes synchronously.
/// </remarks>
internal sealed class InProcessRateLimitStore : ImagesRateLimitStore
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pausedUntil = new(StringComparer.Ordinal);

    public InProcessRateLimitStore(TimeProvider time) => _time = time;

    public override ValueTask<TimeSpan> TakeAsync(string model, string? partition, int permits, int perMinute, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        lock (_buckets)
        {
            long now = _time.GetTimestamp();
            TimeSpan wait = PauseLeft(model, now);
            Bucket? bucket = null;
            if (perMinute > 0)
            {
                string key = partition is null ? model : model + "\n" + partition;
                if (!_buckets.TryGetValue(key, out bucket))
                {
                    Prune(now);
                    bucket = new Bucket(perMinute, now);
                    _buckets[key] = bucket;
                }

                TimeSpan period = Period(perMinute);
                double available = bucket.Refill(now, perMinute, period, _time.TimestampFrequency);
                TimeSpan refill = available >= permits ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling((permits - available) * period.Ticks));
                wait = refill > wait ? refill : wait;
            }

            if (wait <= maxWait && bucket is not null)
            {
                bucket.Tokens -= permits;
            }

            return new ValueTask<TimeSpan>(wait);
        }
    }

    public override ValueTask ReturnAsync(string model, string? partition, int permits, int perMinute, CancellationToken cancellationToken)
    {
        lock (_buckets)
        {
            if (_buckets.TryGetValue(partition is null ? model : model + "\n" + partition, out Bucket? bucket))
            {
                bucket.Tokens = Math.Min(perMinute, bucket.Tokens + permits);
            }
        }

        return default;
    }

    public override ValueTask PauseAsync(string model, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_buckets)
        {
            long until = _time.GetTimestamp() + (long)(duration.TotalSeconds * _time.TimestampFrequency);
            if (!_pausedUntil.TryGetValue(model, out long current) || until > current)
            {
                _pausedUntil[model] = until;
            }
        }

        return default;
    }

    private static TimeSpan Period(int perMinute) => TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks / perMinute);

    private TimeSpan PauseLeft(string model, long now)
    {
        if (!_pausedUntil.TryGetValue(model, out long until))
        {
            return TimeSpan.Zero;
        }

        if (until <= now)
        {
            _pausedUntil.Remove(model);
            return TimeSpan.Zero;
        }

        return TimeSpan.FromTicks((long)Math.Ceiling((until - now) * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));
    }

    // Full buckets hold nothing worth keeping; drop them so per-user partitions do not pile up.
    private void Prune(long now)
    {
        if (_buckets.Count < 1024)
        {
            return;
        }

        var full = new List<string>();
        foreach (KeyValuePair<string, Bucket> entry in _buckets)
        {
            if (entry.Value.Refill(now, entry.Value.Limit, Period(entry.Value.Limit), _time.TimestampFrequency) >= entry.Value.Limit)
            {
                full.Add(entry.Key);
            }
        }

        foreach (string key in full)
        {
            _buckets.Remove(key);
        }
    }

    private sealed class Bucket(int limit, long now)
    {
        public int Limit { get; private set; } = limit;

        public double Tokens { get; set; } = limit;

        private long Updated { get; set; } = now;

        // A limit changed by a new configuration applies from now on, the tokens kept.
        public double Refill(long now, int limit, TimeSpan period, long frequency)
        {
            Limit = limit;
            double elapsedTicks = (now - Updated) * (double)TimeSpan.TicksPerSecond / frequency;
            Tokens = Math.Min(Limit, Tokens + (elapsedTicks / period.Ticks));
            Updated = now;
            return Tokens;
        }
    }
}
