using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace OpenAIImages.Http;

/// <summary>Token buckets of images per minute, one per model (and per end user when partitioned), on the options' clock.</summary>
/// <remarks>
/// A bucket holds up to the per-minute limit and refills one image every <c>60 s / limit</c>, computed from the
/// <see cref="TimeProvider"/> when asked, so no timer runs and a fake clock drives it in tests (System.Threading.RateLimiting's
/// own token bucket refills from <c>Stopwatch</c>, which a fake clock cannot move). A call that must wait reserves its
/// images at once, so waiting calls are served in order, and gives them back if it is cancelled.
/// </remarks>
internal sealed class ImageRateLimiter
{
    private readonly ImagesRateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public ImageRateLimiter(ImagesRateLimitOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>Takes the call's images from its model's bucket, waiting up to <see cref="ImagesRateLimitOptions.MaxWait"/>; a wait longer than <paramref name="remaining"/> (what is left of the call's deadline) is refused.</summary>
    /// <returns>An acquired lease, or a failed one that says how long the wait would have been.</returns>
    public async ValueTask<RateLimitLease> AcquireAsync(ImageCall call, TimeSpan? remaining, ILogger logger, CancellationToken cancellationToken)
    {
        string? model = call.Model;
        string? user = call.User;
        int images = call.Images;
        if (model is null || !_options.ImagesPerMinute.TryGetValue(model, out int perMinute) || perMinute < 1)
        {
            return Lease.Acquired;
        }

        string key = _options.PartitionByUser && !string.IsNullOrEmpty(user) ? model + "\n" + user : model;
        int permits = Math.Min(Math.Max(images, 1), perMinute);
        TimeSpan period = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks / perMinute);
        TimeSpan wait;
        Bucket bucket;
        lock (_buckets)
        {
            long now = _time.GetTimestamp();
            if (!_buckets.TryGetValue(key, out bucket!))
            {
                Prune(now);
                bucket = new Bucket(perMinute, now);
                _buckets[key] = bucket;
            }

            double available = bucket.Refill(now, period, _time.TimestampFrequency);
            wait = available >= permits ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling((permits - available) * period.Ticks));
            if (wait > _options.MaxWait)
            {
                return new Lease(false, wait);
            }

            // A wait past the call's deadline would end in a timeout anyway: refuse it now, and take nothing.
            if (wait > TimeSpan.Zero && remaining is { } left && wait > left)
            {
                return new Lease(false, wait);
            }

            bucket.Tokens -= permits;
        }

        if (wait > TimeSpan.Zero)
        {
            Log.RateLimitWait(logger, model, images, wait.TotalMilliseconds);
            Diagnostics.PipelineEvents.RateLimitWaiting(model, images, wait);

            try
            {
#if NET
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
#else
                await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
#endif
            }
            catch (OperationCanceledException)
            {
                lock (_buckets)
                {
                    bucket.Tokens += permits;
                }

                throw;
            }
        }

        return Lease.Acquired;
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
            TimeSpan period = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks / entry.Value.Limit);
            if (entry.Value.Refill(now, period, _time.TimestampFrequency) >= entry.Value.Limit)
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
        public int Limit { get; } = limit;

        public double Tokens { get; set; } = limit;

        private long Updated { get; set; } = now;

        public double Refill(long now, TimeSpan period, long frequency)
        {
            double elapsedTicks = (now - Updated) * (double)TimeSpan.TicksPerSecond / frequency;
            Tokens = Math.Min(Limit, Tokens + (elapsedTicks / period.Ticks));
            Updated = now;
            return Tokens;
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name && retryAfter is { } after ? after : null;
            return metadata is not null;
        }
    }
}
