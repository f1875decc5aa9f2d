using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using OpenAIImages.Validation;

namespace OpenAIImages;

/// <summary>The client-side rate limiter: images per minute per model, so a burst waits here instead of failing with 429.</summary>
/// <remarks>
/// The limiter counts images (<c>n</c>), not requests. It is a token bucket per model (and per end user when
/// <see cref="PartitionByUser"/> is set) that refills one image at a time, evenly over the minute. Where the service
/// says its own budget is spent (<c>x-ratelimit-remaining-images</c> or <c>x-ratelimit-remaining-requests</c> of 0), the
/// next calls to that model wait for its reset (<c>x-ratelimit-reset-*</c>) too. The budgets live in this process unless
/// <see cref="Store"/> names a shared store.
/// </remarks>
public sealed class ImagesRateLimitOptions
{
    /// <summary>
    /// Gets the images per minute allowed per model id. Defaults from OpenAI's documentation: 5 for dall-e-3 and 50
    /// for dall-e-2. A model not listed is not limited; add entries for your account's tier.
    /// </summary>
    [PerMinuteLimits]
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
    [TimeRange("00:00:00", null, "must be zero or more.")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets whether calls wait for the reset the service names when it says a model's budget is spent (default
    /// true): a response with <c>x-ratelimit-remaining-images: 0</c> or <c>x-ratelimit-remaining-requests: 0</c> holds
    /// back the next calls to that model, whether or not <see cref="ImagesPerMinute"/> lists it, until
    /// <c>x-ratelimit-reset-images</c> or <c>-requests</c> has passed (within <see cref="MaxWait"/>). It takes effect
    /// while the limiter runs, that is while <see cref="ImagesPerMinute"/> has an entry or <see cref="Store"/> is set.
    /// </summary>
    public bool PaceByServerHeaders { get; set; } = true;

    /// <summary>
    /// Gets or sets where the budgets are kept: null (the default) for this client alone, in this process; a shared store
    /// (for example <c>OpenAIImages.Redis</c>'s) for one budget per model across every process that uses it.
    /// </summary>
    public ImagesRateLimitStore? Store { get; set; }

    /// <summary>Copies the settings, the per-model limits included; a store is shared, not copied.</summary>
    internal ImagesRateLimitOptions Snapshot()
    {
        var copy = new ImagesRateLimitOptions { PartitionByUser = PartitionByUser, MaxWait = MaxWait, PaceByServerHeaders = PaceByServerHeaders, Store = Store };
        copy.ImagesPerMinute.Clear();
        foreach (KeyValuePair<string, int> limit in ImagesPerMinute)
        {
            copy.ImagesPerMinute[limit.Key] = limit.Value;
        }

        return copy;
    }
}
