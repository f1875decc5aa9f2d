using System;
using System.Collections.Generic;

namespace OpenAIImages;

/// <summary>The client-side rate limiter: images per minute per model, so a burst waits here instead of failing with 429.</summary>
/// <remarks>
/// The limiter counts images (<c>n</c>), not requests. It is a token bucket per model (and per end user when
/// <see cref="PartitionByUser"/> is set) that refills one image at a time, evenly over the minute.
/// </remarks>
public sealed class ImagesRateLimitOptions
{
    /// <summary>
    /// Gets the images per minute allowed per model id. Defaults from OpenAI's documentation: 5 for dall-e-3 and 50
    /// for dall-e-2. A model not listed is not limited; add entries for your account's tier.
    /// </summary>
    public IDictionary<string, int> ImagesPerMinute { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["dall-e-3"] = 5,
        ["dall-e-2"] = 50,
    };

    /// <summary>Gets or sets whether each end user (<c>user</c>) gets a limit of their own (default false: one limit per model).</summary>
    public bool PartitionByUser { get; set; }

    /// <summary>
    /// Gets or sets the longest a call may wait for the limiter (default 2 minutes). A call that would wait longer fails at
    /// once with an <see cref="ImagesClientRateLimitException"/>.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Copies the settings, the per-model limits included.</summary>
    internal ImagesRateLimitOptions Snapshot()
    {
        var copy = new ImagesRateLimitOptions { PartitionByUser = PartitionByUser, MaxWait = MaxWait };
        copy.ImagesPerMinute.Clear();
        foreach (KeyValuePair<string, int> limit in ImagesPerMinute)
        {
            copy.ImagesPerMinute[limit.Key] = limit.Value;
        }

        return copy;
    }
}
