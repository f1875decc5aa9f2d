using System;
using System.Collections.Generic;

namespace OpenAIImages;

/// <summary>What a generation, edit or variation returned.</summary>
/// <remarks>Create one in your own tests with <see cref="ImagesModelFactory.ImageResult"/>.</remarks>
public sealed class ImageResult
{
    private ImageCost? _cost;

    internal ImageResult(
        DateTimeOffset created,
        IReadOnlyList<GeneratedImage> images,
        ImageUsage? usage,
        ImageSize? size,
        ImageQuality? quality,
        ImageOutputFormat? outputFormat,
        ImageBackground? background,
        string? requestId,
        string? safetyIdentifier = null,
        ImageSvgUsage? svgUsage = null)
    {
        SafetyIdentifier = safetyIdentifier;
        SvgUsage = svgUsage;
        Created = created;
        Images = images;
        Usage = usage;
        Size = size;
        Quality = quality;
        OutputFormat = outputFormat;
        Background = background;
        RequestId = requestId;
    }

    /// <summary>Gets when the images were created (<c>created</c>).</summary>
    public DateTimeOffset Created { get; }

    /// <summary>Gets the images, in the order the server returned them (<c>data</c>).</summary>
    public IReadOnlyList<GeneratedImage> Images { get; }

    /// <summary>Gets the tokens used, for GPT image models (<c>usage</c>).</summary>
    public ImageUsage? Usage { get; }

    /// <summary>Gets the size the server used (<c>size</c>), when it said.</summary>
    public ImageSize? Size { get; }

    /// <summary>Gets the quality the server used (<c>quality</c>), when it said.</summary>
    public ImageQuality? Quality { get; }

    /// <summary>Gets the file format of the images (<c>output_format</c>), when the server said.</summary>
    public ImageOutputFormat? OutputFormat { get; }

    /// <summary>Gets the background the server used (<c>background</c>), when it said.</summary>
    public ImageBackground? Background { get; }

    /// <summary>Gets the end-user id the server recorded (<c>safety_identifier</c>), when it said.</summary>
    public string? SafetyIdentifier { get; }

    /// <summary>Gets the tokens the SVG model used (<c>svg_usage</c>), for SVG output.</summary>
    public ImageSvgUsage? SvgUsage { get; }

    /// <summary>Gets what the call cost, from its usage or the model's per-image prices (<see cref="ImagesClientOptions.Prices"/>); null for results made without a client (test doubles, <see cref="ImagesModelFactory"/> without one).</summary>
    public ImageCost? Cost
    {
        get => _cost ??= Pricing is { } pricing ? Costs.CostCalculator.Actual(pricing, Usage, Images.Count, Size, Quality) : null;
        internal set => _cost = value;
    }

    /// <summary>Gets or sets what the call is priced by; <see cref="Cost"/> is worked out from it when first read.</summary>
    internal Costs.CallPricing? Pricing { get; set; }

    /// <summary>Gets the <c>x-request-id</c> of the response.</summary>
    public string? RequestId { get; }

    /// <summary>Returns a short summary, for diagnostics.</summary>
    public override string ToString() => $"{Images.Count} image(s), created {Created:u}, request {RequestId ?? "(no id)"}";
}
