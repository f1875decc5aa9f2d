using System;
using System.Globalization;

namespace OpenAIImages.Pipeline;

/// <summary>The calendar periods of a budget, in UTC: which one a moment falls in, and when it ends.</summary>
internal static class BudgetPeriods
{
    /// <summary>The period <paramref name="now"/> falls in: its name (<c>d2026-12-07</c>, <c>m2026-12</c>) and its end.</summary>
    public static (string Id, DateTimeOffset End) Of(DateTimeOffset now, ImagesBudgetPeriod period)
    {
        DateTime utc = now.UtcDateTime;
        if (period == ImagesBudgetPeriod.Month)
        {
            var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
            return ("m" + start.ToString("yyyy-MM", CultureInfo.InvariantCulture), start.AddMonths(1));
        }

        var day = new DateTimeOffset(utc.Date, TimeSpan.Zero);
        return ("d" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.AddDays(1));
    }
}
