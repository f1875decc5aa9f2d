using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace OpenAIImages.Testing.Engine;

/// <summary>
/// The service's per-key images-per-minute limit: a token bucket of <c>limit</c> images refilling evenly over a minute,
/// answered with its <c>x-ratelimit-*-images</c> headers and, when spent, its 429 body.
/// </summary>
internal sealed class ImageRateLimiter
{
    private readonly int _limit;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ImageRateLimiter(int imagesPerMinute, TimeProvider clock)
    {
        _limit = imagesPerMinute;
        _clock = clock;
    }

    private double PerSecond => _limit / 60.0;

    /// <summary>Takes <paramref name="images"/> from the key's budget; returns the 429 to answer when they are not there, else null, and adds the headers either way to <paramref name="headers"/>.</summary>
    public EngineResponse? Take(string key, string model, int images, List<KeyValuePair<string, string>> headers)
    {
        double tokens;
        bool granted;
        lock (_gate)
        {
            DateTimeOffset now = _clock.GetUtcNow();
            Bucket bucket = _buckets.TryGetValue(key, out Bucket? known) ? known : new Bucket(_limit, now);
            bucket.Tokens = Math.Min(_limit, bucket.Tokens + ((now - bucket.Stamp).TotalSeconds * PerSecond));
            bucket.Stamp = now;
            granted = bucket.Tokens >= images;
            if (granted)
            {
                bucket.Tokens -= images;
            }

            _buckets[key] = bucket;
            tokens = bucket.Tokens;
        }

        int remaining = (int)Math.Floor(tokens);
        headers.Add(new("x-ratelimit-limit-images", Number(_limit)));
        headers.Add(new("x-ratelimit-remaining-images", Number(remaining)));
        headers.Add(new("x-ratelimit-reset-images", GoDuration(TimeSpan.FromSeconds((_limit - tokens) / PerSecond))));
        if (granted)
        {
            return null;
        }

        TimeSpan wait = TimeSpan.FromSeconds(Math.Max(0, images - tokens) / PerSecond);
        EngineResponse limited = ErrorWriter.Create(
            429,
            $"Rate limit reached for {model} in organization org-emulator on images per minute (IPM): Limit {Number(_limit)}, Used {Number(_limit - remaining)}, Requested {Number(images)}. "
            + $"Please try again in {GoDuration(wait)}. Visit https://platform.openai.com/account/rate-limits to learn more.",
            "requests",
            null,
            "rate_limit_exceeded");
        limited.Headers.AddRange(headers);
        return limited;
    }

    /// <summary>Writes a duration as the service's headers do, as Go prints one: <c>20ms</c>, <c>12s</c>, <c>1m30s</c>, <c>1.5s</c>.</summary>
    internal static string GoDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return Number((int)Math.Ceiling(duration.TotalMilliseconds)) + "ms";
        }

        int minutes = (int)duration.TotalMinutes;
        double seconds = Math.Round(duration.TotalSeconds - (minutes * 60), 3);
        string secondsText = seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return minutes > 0 ? Number(minutes) + "m" + secondsText : secondsText;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Bucket(double tokens, DateTimeOffset stamp)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset Stamp { get; set; } = stamp;
    }
}
