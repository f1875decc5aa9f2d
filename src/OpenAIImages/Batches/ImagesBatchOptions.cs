using System;

namespace OpenAIImages.Batches;

/// <summary>How an <see cref="ImagesBatchClient"/> polls a batch until it is done.</summary>
/// <remarks>
/// The first poll waits <see cref="PollInterval"/>; each wait after doubles, up to <see cref="MaxPollInterval"/>. The
/// waits run on <see cref="ImagesClientOptions.TimeProvider"/>, so a fake clock drives them in tests.
/// </remarks>
public sealed class ImagesBatchOptions
{
    /// <summary>Gets or sets the wait before the first poll; default 5 seconds. Zero polls without waiting.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest wait between two polls; default 1 minute.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal ImagesBatchOptions Checked()
    {
        if (PollInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "ImagesBatchOptions.PollInterval must not be negative.");
        }

        if (MaxPollInterval < PollInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPollInterval), MaxPollInterval, "ImagesBatchOptions.MaxPollInterval must be at least PollInterval.");
        }

        return new ImagesBatchOptions { PollInterval = PollInterval, MaxPollInterval = MaxPollInterval };
    }
}
