using System;
using System.Threading;

namespace OpenAIImages.Internal;

/// <summary>What a configured time limit means to a timer.</summary>
internal static class TimeLimit
{
    // The longest a timer runs (about 49.7 days); a token source refuses a longer delay.
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Gets whether <paramref name="limit"/> limits anything: not <see cref="Timeout.InfiniteTimeSpan"/>, and short enough for a timer (a longer one, such as <see cref="TimeSpan.MaxValue"/>, is no limit at all).</summary>
    public static bool Applies(TimeSpan limit) => limit != Timeout.InfiniteTimeSpan && limit <= Longest;
}
