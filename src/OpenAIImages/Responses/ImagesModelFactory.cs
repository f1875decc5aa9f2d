using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages;

/// <summary>Creates result objects for your own tests, where a substitute <see cref="ImagesClient"/> returns canned results.</summary>
public static class ImagesModelFactory
{
    /// <summary>Creates an image from bytes or a URL.</summary>
    /// <param name="bytes">The image file's bytes, or null for a URL image.</param>
    /// <param name="url">The image's URL; such an image cannot be saved, as it has no client to download with.</param>
    /// <param name="revisedPrompt">The revised prompt.</param>
    /// <param name="outputFormat">The file format; by default read from the bytes.</param>
    /// <param name="index">The image's position in its result.</param>
    /// <param name="contentFilterResults">Azure OpenAI's content filter verdict on the image, per category.</param>
    /// <param name="promptFilterResults">Azure OpenAI's content filter verdict on the prompt, per category.</param>
    /// <returns>The image.</returns>
    public static GeneratedImage GeneratedImage(
        byte[]? bytes = null,
        Uri? url = null,
        string? revisedPrompt = null,
        ImageOutputFormat? outputFormat = null,
        int index = 0,
        IReadOnlyDictionary<string, ImageContentFilterResult>? contentFilterResults = null,
        IReadOnlyDictionary<string, ImageContentFilterResult>? promptFilterResults = null) =>
        new(index, bytes, url, revisedPrompt, outputFormat, null, null, Copy(contentFilterResults), Copy(promptFilterResults));

    /// <summary>Creates a result.</summary>
    /// <param name="images">The images; none by default.</param>
    /// <param name="created">When they were created; by default the Unix epoch.</param>
    /// <param name="usage">The token usage.</param>
    /// <param name="size">The size the server reported.</param>
    /// <param name="quality">The quality the server reported.</param>
    /// <param name="outputFormat">The file format the server reported.</param>
    /// <param name="background">The background the server reported.</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="safetyIdentifier">The safety identifier the server reported.</param>
    /// <param name="svgUsage">The SVG model's token usage.</param>
    /// <param name="cost">What the call cost; none by default, as for any result made without a client.</param>
    /// <returns>The result.</returns>
    public static ImageResult ImageResult(
        IEnumerable<GeneratedImage>? images = null,
        DateTimeOffset? created = null,
        ImageUsage? usage = null,
        ImageSize? size = null,
        ImageQuality? quality = null,
        ImageOutputFormat? outputFormat = null,
        ImageBackground? background = null,
        string? requestId = null,
        string? safetyIdentifier = null,
        ImageSvgUsage? svgUsage = null,
        ImageCost? cost = null) =>
        new(created ?? DateTimeOffset.FromUnixTimeSeconds(0), images?.ToArray() ?? [], usage, size, quality, outputFormat, background, requestId, safetyIdentifier, svgUsage)
        {
            Cost = cost,
        };

    // A copy, so a test that changes its dictionary afterwards does not change the image.
    private static Dictionary<string, ImageContentFilterResult>? Copy(IReadOnlyDictionary<string, ImageContentFilterResult>? results) =>
        results?.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
}
