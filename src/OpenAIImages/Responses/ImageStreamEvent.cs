using System;

namespace OpenAIImages;

/// <summary>An event of a streamed generation or edit: a partial image, or the completed image.</summary>
/// <remarks>Match on <see cref="ImagePartialEvent"/> and <see cref="ImageCompletedEvent"/>; a stream always ends with one completed event.</remarks>
public abstract class ImageStreamEvent
{
    private protected ImageStreamEvent(string type, GeneratedImage image, DateTimeOffset createdAt, ImageSize? size, ImageQuality? quality, ImageBackground? background, ImageOutputFormat? outputFormat)
    {
        Type = type;
        Image = image;
        CreatedAt = createdAt;
        Size = size;
        Quality = quality;
        Background = background;
        OutputFormat = outputFormat;
    }

    /// <summary>Gets the event's <c>type</c>, such as <c>image_generation.partial_image</c> or <c>image_edit.completed</c>.</summary>
    public string Type { get; }

    /// <summary>Gets the image this event carries (decoded from <c>b64_json</c>); it can be saved like any result image.</summary>
    public GeneratedImage Image { get; }

    /// <summary>Gets when the event was created (<c>created_at</c>).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Gets the image size (<c>size</c>), when given.</summary>
    public ImageSize? Size { get; }

    /// <summary>Gets the quality (<c>quality</c>), when given.</summary>
    public ImageQuality? Quality { get; }

    /// <summary>Gets the background (<c>background</c>), when given.</summary>
    public ImageBackground? Background { get; }

    /// <summary>Gets the file format (<c>output_format</c>), when given.</summary>
    public ImageOutputFormat? OutputFormat { get; }

    /// <summary>Returns a short description, for diagnostics.</summary>
    public override string ToString() => $"{Type}: {Image.Bytes.Length} bytes";
}

/// <summary>A partial image, sent while the final image is being made (<c>*.partial_image</c>).</summary>
public sealed class ImagePartialEvent : ImageStreamEvent
{
    internal ImagePartialEvent(string type, GeneratedImage image, DateTimeOffset createdAt, ImageSize? size, ImageQuality? quality, ImageBackground? background, ImageOutputFormat? outputFormat, int partialImageIndex)
        : base(type, image, createdAt, size, quality, background, outputFormat) => PartialImageIndex = partialImageIndex;

    /// <summary>Gets the 0-based index of this partial image (<c>partial_image_index</c>).</summary>
    public int PartialImageIndex { get; }
}

/// <summary>The final image and the tokens used (<c>*.completed</c>); always the last event of a stream.</summary>
public sealed class ImageCompletedEvent : ImageStreamEvent
{
    private ImageCost? _cost;

    internal ImageCompletedEvent(string type, GeneratedImage image, DateTimeOffset createdAt, ImageSize? size, ImageQuality? quality, ImageBackground? background, ImageOutputFormat? outputFormat, ImageUsage? usage, string? safetyIdentifier)
        : base(type, image, createdAt, size, quality, background, outputFormat)
    {
        Usage = usage;
        SafetyIdentifier = safetyIdentifier;
    }

    /// <summary>Gets the end-user id the server recorded (<c>safety_identifier</c>), when it said.</summary>
    public string? SafetyIdentifier { get; }

    /// <summary>Gets the tokens used (<c>usage</c>), when given.</summary>
    public ImageUsage? Usage { get; }

    /// <summary>Gets what the call cost, from its usage or the model's per-image prices; null for events made without a client.</summary>
    public ImageCost? Cost
    {
        get => _cost ??= Pricing is { } pricing ? Costs.CostCalculator.Actual(pricing, Usage, 1, Size, Quality) : null;
        internal set => _cost = value;
    }

    /// <summary>Gets or sets what the call is priced by; <see cref="Cost"/> is worked out from it when first read.</summary>
    internal Costs.CallPricing? Pricing { get; set; }
}
