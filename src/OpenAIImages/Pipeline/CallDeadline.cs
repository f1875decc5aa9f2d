using System;
using OpenAIImages.Internal;

namespace OpenAIImages.Pipeline;

/// <summary>When a call's overall time (<see cref="ImagesClientOptions.Timeout"/>) runs out, read on the options' clock.</summary>
/// <remarks>The deadline is not a timer of its own: each attempt's timer runs to the attempt timeout or to the deadline, whichever comes first, and a wait that would pass it is refused at once.</remarks>
internal readonly struct CallDeadline
{
    private readonly TimeProvider _time;
    private readonly long _at;

    private CallDeadline(TimeProvider time, TimeSpan timeout, long at)
    {
        _time = time;
        Timeout = timeout;
        _at = at;
    }

    /// <summary>Gets the overall timeout this deadline was set from.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets whether the call has a deadline at all.</summary>
    public bool Applies => _at != 0;

    /// <summary>Sets the deadline of a call starting now.</summary>
    public static CallDeadline Start(ImagesClientOptions options)
    {
        TimeProvider time = options.TimeProvider;
        long at = TimeLimit.Applies(options.Timeout) ? time.GetTimestamp() + (long)(options.Timeout.TotalSeconds * time.TimestampFrequency) : 0L;
        return new CallDeadline(time, options.Timeout, at);
    }

    /// <summary>What is left until the deadline (never negative), or null without one.</summary>
    public TimeSpan? Remaining()
    {
        if (_at == 0)
        {
            return null;
        }

        TimeSpan remaining = _time.GetElapsedTime(_time.GetTimestamp(), _at);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
