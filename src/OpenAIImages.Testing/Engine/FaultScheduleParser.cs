using System;
using System.Collections.Generic;
using System.Globalization;

namespace OpenAIImages.Testing.Engine;

/// <summary>Reads the text form of a fault schedule, <c>429:retry-after=1,500*2,ok,reset-mid-body</c>; see <see cref="EmulatedFault.ParseSchedule(string)"/>.</summary>
internal static class FaultScheduleParser
{
    private const string Steps = "ok, a status 400-599 (with optional :retry-after=SECONDS), reset-mid-body, drop, delay=MS, slow-body=MS or content-policy, each with optional *COUNT";

    /// <summary>The most times one step repeats, so a typo cannot queue millions of faults.</summary>
    private const int MaxRepeat = 10_000;

    public static IReadOnlyList<EmulatedFault> Parse(string schedule)
    {
        var faults = new List<EmulatedFault>();
        foreach (string raw in schedule.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string step = raw;
            int count = 1;
            int star = step.LastIndexOf('*');
            if (star >= 0)
            {
                if (!int.TryParse(step.AsSpan(star + 1), NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxRepeat)
                {
                    throw Invalid(raw, $"the count after '*' must be 1 to {MaxRepeat.ToString(CultureInfo.InvariantCulture)}");
                }

                step = step[..star];
            }

            EmulatedFault fault = Step(raw, step.Trim().ToLowerInvariant());
            for (int i = 0; i < count; i++)
            {
                faults.Add(fault);
            }
        }

        return faults;
    }

    private static EmulatedFault Step(string raw, string step)
    {
        switch (step)
        {
            case "ok":
                return EmulatedFault.Delay(TimeSpan.Zero);
            case "reset-mid-body":
                return EmulatedFault.ResetMidBody();
            case "drop":
                return EmulatedFault.DroppedConnection();
            case "content-policy":
                return EmulatedFault.ContentPolicy();
        }

        if (step.StartsWith("delay=", StringComparison.Ordinal))
        {
            return EmulatedFault.Delay(Milliseconds(raw, step["delay=".Length..]));
        }

        if (step.StartsWith("slow-body=", StringComparison.Ordinal))
        {
            return EmulatedFault.SlowBody(Milliseconds(raw, step["slow-body=".Length..]));
        }

        string[] parts = step.Split(':', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int status) || status is < 400 or > 599)
        {
            throw Invalid(raw, "unknown step");
        }

        TimeSpan? retryAfter = null;
        foreach (string option in parts[1..])
        {
            const string RetryAfter = "retry-after=";
            if (!option.StartsWith(RetryAfter, StringComparison.Ordinal)
                || !double.TryParse(option[RetryAfter.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                || seconds is < 0 or > 86_400)
            {
                throw Invalid(raw, "a status takes only ':retry-after=SECONDS' (0 to 86400)");
            }

            retryAfter = TimeSpan.FromSeconds(seconds);
        }

        EmulatedFault fault = status switch
        {
            429 => EmulatedFault.RateLimited(retryAfter ?? TimeSpan.FromSeconds(1)),
            500 => EmulatedFault.ServerError(),
            _ => EmulatedFault.Status(status),
        };
        return retryAfter is { } wait && status != 429 ? fault.WithRetryAfter(wait) : fault;
    }

    private static TimeSpan Milliseconds(string raw, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms)
            ? TimeSpan.FromMilliseconds(ms)
            : throw Invalid(raw, "expected a whole number of milliseconds");

    private static ArgumentException Invalid(string raw, string why) =>
        new($"Invalid fault step '{raw}': {why}. Steps: {Steps}.", "schedule");
}
