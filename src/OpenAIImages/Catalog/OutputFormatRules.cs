using System.Linq;
using static OpenAIImages.Catalog.ValidationText;

namespace OpenAIImages.Catalog;

/// <summary>What goes with the output format: compression, a transparent background, and the GIF and SVG settings.</summary>
internal static class OutputFormatRules
{
    private const string Gif = "gif";
    private const string Svg = "svg";

    /// <summary>Azure OpenAI does not serve every format OpenAI's API does: WebP output is refused there.</summary>
    public static void CheckService(ref ValidationScope scope, string? outputFormat)
    {
        if (scope.Context.Service == ImageService.Azure && outputFormat is "webp")
        {
            scope.Add("output_format", outputFormat, "output_format webp is not served by Azure OpenAI; use png or jpeg");
        }
    }

    public static void CheckCompression(ref ValidationScope scope, int? compression, string? outputFormat)
    {
        if (compression is not { } value)
        {
            return;
        }

        ModelProfile model = scope.Model;
        if (model.OutputCompression is not { } allowed)
        {
            scope.Add("output_compression", Number(value), $"output_compression is not supported by {model.Id}; models that take it: {ModelsCompressing()}");
            return;
        }

        if (!allowed.Contains(value))
        {
            scope.Add("output_compression", Number(value), $"output_compression {Number(value)} is out of range; allowed: {allowed}");
        }

        // An unset format is the model's default, but only where the model is known to take output_format at all.
        string? format = outputFormat ?? model.DefaultOutputFormat;
        if (format is "png" && (outputFormat is not null || model.OutputFormats.IsSupported))
        {
            string why = outputFormat is null ? "the default output_format png" : "output_format png";
            scope.Add("output_compression", Number(value), $"output_compression applies to output_format {CompressibleFormats()} only, not to {why}");
        }
    }

    public static void CheckTransparency(ref ValidationScope scope, string? background, string? outputFormat)
    {
        if (background == "transparent" && outputFormat is not null && SharedRules.OpaqueFormats.Contains(outputFormat))
        {
            scope.Add("background", background, $"background 'transparent' needs output_format png or webp; {outputFormat} has no transparency");
        }
    }

    /// <summary>Animated GIF and SVG output: their own settings apply to them only, and they take no stream, no compression and (GIF) no mask; SVG makes one image.</summary>
    public static void CheckAnimationAndVector(ref ValidationScope scope, ImageRequestOptions options, bool stream, bool hasMask)
    {
        // Every rule below needs one of these; a request with none of them (most) skips the rest, and a first call
        // does not compile it.
        if (options.OutputFormat?.Value is Gif or Svg || options.FrameCount is not null || options.FrameDurationMs is not null || options.Svg is not null)
        {
            CheckAnimationAndVectorSettings(ref scope, options, stream, hasMask);
        }
    }

    private static void CheckAnimationAndVectorSettings(ref ValidationScope scope, ImageRequestOptions options, bool stream, bool hasMask)
    {
        string? format = options.OutputFormat?.Value;
        int? frameCount = options.FrameCount;
        int? frameDurationMs = options.FrameDurationMs;
        if (format != Gif && (frameCount is not null || frameDurationMs is not null))
        {
            string field = frameCount is not null ? "frame_count" : "frame_duration_ms";
            scope.Add(field, Number((frameCount ?? frameDurationMs)!.Value), $"{field} applies to output_format gif only");
        }

        if (format != Svg && options.Svg is { } svg)
        {
            scope.Add("svg", svg.Model ?? svg.ReasoningEffort, "svg settings apply to output_format svg only");
        }

        if (format is Gif or Svg)
        {
            if (stream || options.PartialImages is not null)
            {
                scope.Add("stream", "true", $"output_format {format} cannot be streamed; use GenerateAsync or EditAsync without partial_images");
            }

            // A model without output_compression has had it reported already.
            if (options.OutputCompression is { } compression && scope.Model.OutputCompression is not null)
            {
                scope.Add("output_compression", Number(compression), $"output_compression applies to output_format {CompressibleFormats()} only, not to {format}");
            }
        }

        if (format == Gif)
        {
            if (frameCount is { } frames && !SharedRules.FrameCount.Contains(frames))
            {
                scope.Add("frame_count", Number(frames), $"frame_count {Number(frames)} is out of range; allowed: {SharedRules.FrameCount}");
            }

            if (frameDurationMs is { } duration && duration < SharedRules.MinFrameDurationMs)
            {
                scope.Add("frame_duration_ms", Number(duration), $"frame_duration_ms must be at least {SharedRules.MinFrameDurationMs}");
            }

            if (hasMask)
            {
                scope.Add("mask", "mask", "a mask cannot be used with output_format gif");
            }
        }

        if (format == Svg && options.N is { } count && count != SharedRules.SvgImagesPerRequest)
        {
            scope.Add("n", Number(count), $"n {Number(count)} is not allowed with output_format svg; it makes exactly {SharedRules.SvgImagesPerRequest} image per request");
        }
    }

    private static string CompressibleFormats() => string.Join(" or ", SharedRules.CompressibleFormats);

    // Its own method, so a valid request allocates no closure for it.
    private static string ModelsCompressing() => ModelCatalog.ModelsWhere(p => p.OutputCompression is not null);
}
