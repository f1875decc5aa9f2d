using System;
using System.Globalization;
using System.Net.Http.Headers;
using OpenAIImages.Internal;

namespace OpenAIImages.Pipeline;

/// <summary>Reads the service's own rate-limit headers: how long until its budget resets, when the response says it is spent.</summary>
/// <remarks>
/// OpenAI sends <c>x-ratelimit-remaining-requests</c> and <c>x-ratelimit-reset-requests</c> (and the <c>-images</c>
/// pair where images are counted), the reset as a Go duration such as <c>1s</c>, <c>6m0s</c> or <c>20ms</c>; a bare
/// number is read as seconds.
/// </remarks>
internal static class ServerRateLimitHeaders
{
    // A reset beyond this is not believed: it would hold a model back for longer than any budget the service documents.
    private static readonly TimeSpan LongestReset = TimeSpan.FromHours(24);

    /// <summary>Gets the longest reset among the budgets the response says are spent, or null when none is.</summary>
    public static TimeSpan? SpentUntilReset(HttpResponseHeaders headers)
    {
        TimeSpan? images = Spent(headers, "x-ratelimit-remaining-images", "x-ratelimit-reset-images");
        TimeSpan? requests = Spent(headers, "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests");
        return images is null ? requests : requests is null ? images : images > requests ? images : requests;
    }

    /// <summary>Parses a Go duration (<c>1h2m3.5s</c>, <c>20ms</c>) or a number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double bare))
        {
            return Seconds(bare, out duration);
        }

        double total = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.Substring(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                return false;
            }

            start = i;
            while (i < text.Length && !char.IsDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            double? unit = text.Substring(start, i - start) switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 1e-3,
                "us" or "µs" or "μs" => 1e-6,
                "ns" => 1e-9,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            total += value * unit.Value;
        }

        return Seconds(total, out duration);
    }

    // The header names are constants, so a response without them costs two lookups and no allocation.
    private static TimeSpan? Spent(HttpResponseHeaders headers, string remainingHeader, string resetHeader)
    {
        if (HeaderText.First(headers, remainingHeader) is not { } remaining
            || !long.TryParse(remaining.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long left)
            || left > 0
            || HeaderText.First(headers, resetHeader) is not { } reset
            || !TryParseDuration(reset, out TimeSpan until)
            || until <= TimeSpan.Zero)
        {
            return null;
        }

        return until;
    }

    private static bool Seconds(double seconds, out TimeSpan duration)
    {
        bool usable = seconds >= 0 && seconds <= LongestReset.TotalSeconds;
        duration = usable ? TimeSpan.FromTicks((long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond)) : TimeSpan.Zero;
        return usable;
    }
}
