using System;

namespace OpenAIImages;

/// <summary>Where a call is: what it is doing now and, where it is known, how far along.</summary>
/// <remarks>Reported through <see cref="ImageRequestOptions.Progress"/> or <see cref="ImageVariationOptions.Progress"/>; a phase may be reported more than once (each upload block; a retry starts again at Sending).</remarks>
public sealed class ImageCallProgress
{
    /// <summary>Creates a report of a phase.</summary>
    /// <param name="phase">What the call is doing.</param>
    public ImageCallProgress(ImageCallPhase phase) => Phase = phase;

    /// <summary>Gets what the call is doing.</summary>
    public ImageCallPhase Phase { get; }

    /// <summary>Gets how long the call will wait, for <see cref="ImageCallPhase.WaitingForRateLimit"/>.</summary>
    public TimeSpan? Wait { get; init; }

    /// <summary>Gets how many bytes of the request have been sent, for <see cref="ImageCallPhase.Sending"/>.</summary>
    public long? BytesSent { get; init; }

    /// <summary>Gets the request body's length when it is known in advance, for <see cref="ImageCallPhase.Sending"/>.</summary>
    public long? TotalBytes { get; init; }

    /// <summary>Gets the index of the image concerned, for <see cref="ImageCallPhase.Downloading"/>.</summary>
    public int? ImageIndex { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Phase switch
    {
        ImageCallPhase.WaitingForRateLimit => $"waiting {Wait?.TotalSeconds:0.#} s for the client-side rate limit",
        ImageCallPhase.Sending => TotalBytes is { } total ? $"sending {BytesSent ?? 0:N0} of {total:N0} bytes" : $"sending {BytesSent ?? 0:N0} bytes",
        ImageCallPhase.WaitingForService => "waiting for the service",
        ImageCallPhase.Reading => "reading the answer",
        ImageCallPhase.Downloading => $"downloading image {ImageIndex}",
        _ => "saving",
    };
}

/// <summary>The phases of a call, in the order they come.</summary>
public enum ImageCallPhase
{
    /// <summary>Waiting for the client-side rate limit (<see cref="ImageCallProgress.Wait"/> says how long).</summary>
    WaitingForRateLimit,

    /// <summary>Sending the request (<see cref="ImageCallProgress.BytesSent"/> of <see cref="ImageCallProgress.TotalBytes"/>).</summary>
    Sending,

    /// <summary>The request is sent; the service is making the images (for GPT image models, typically 15 to 120 seconds).</summary>
    WaitingForService,

    /// <summary>The service answered with success; the answer is being read.</summary>
    Reading,

    /// <summary>An image the service gave as a URL is being downloaded (<see cref="ImageCallProgress.ImageIndex"/>).</summary>
    Downloading,

    /// <summary>The images are being put in place as files.</summary>
    Saving,
}
