using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using OpenAIImages;

#pragma warning disable MEAI001 // The content types are consumed here as Microsoft.Extensions.AI hands them over.

namespace Microsoft.Extensions.AI;

/// <summary>
/// Reads the model fields Microsoft.Extensions.AI has no property for from <see cref="ImageGenerationOptions.AdditionalProperties"/>,
/// keyed by their names in the API (<c>quality</c>, <c>background</c>, <c>output_compression</c>, ...), into the request.
/// </summary>
/// <remarks>
/// A value may be the SDK's own type (<see cref="ImageQuality"/>), its wire text (<c>"high"</c>), a number, or a
/// <see cref="JsonElement"/> of either, as options read from JSON hold. A field the request already has is kept.
/// </remarks>
internal static class AdditionalProperties
{
    /// <exception cref="ArgumentException">A known key has a value of the wrong kind, or one the operation does not take.</exception>
    public static ImageRequestOptions Apply(ImageRequestOptions request, IReadOnlyDictionary<string, object?> properties)
    {
        foreach (KeyValuePair<string, object?> property in properties)
        {
            object? value = property.Value;
            if (value is null)
            {
                continue;
            }

            request = property.Key switch
            {
                "quality" => request with { Quality = request.Quality ?? new ImageQuality(Text(property.Key, value)) },
                "background" => request with { Background = request.Background ?? new ImageBackground(Text(property.Key, value)) },
                "moderation" => request with { Moderation = request.Moderation ?? new ImageModeration(Text(property.Key, value)) },
                "output_compression" => request with { OutputCompression = request.OutputCompression ?? Int(property.Key, value) },
                "output_format" => request with { OutputFormat = request.OutputFormat ?? new ImageOutputFormat(Text(property.Key, value)) },
                "size" => request with { Size = request.Size ?? new ImageSize(Text(property.Key, value)) },
                "n" => request with { N = request.N ?? Int(property.Key, value) },
                "response_format" => request with { ResponseFormat = request.ResponseFormat ?? new ImageResponseFormat(Text(property.Key, value)) },
                "safety_identifier" => request with { SafetyIdentifier = request.SafetyIdentifier ?? Text(property.Key, value) },
#pragma warning disable CS0618 // user is deprecated by the API, and still sent when a caller sets it.
                "user" => request with { User = request.User ?? Text(property.Key, value) },
#pragma warning restore CS0618
                "complexity" => request with { Complexity = request.Complexity ?? new ImageComplexity(Text(property.Key, value)) },
                "frame_count" => request with { FrameCount = request.FrameCount ?? Int(property.Key, value) },
                "frame_duration_ms" => request with { FrameDurationMs = request.FrameDurationMs ?? Int(property.Key, value) },
                "partial_images" => request with { PartialImages = request.PartialImages ?? Int(property.Key, value) },
                "style" => request is OpenAIImages.ImageGenerationOptions generation
                    ? generation with { Style = generation.Style ?? new ImageStyle(Text(property.Key, value)) }
                    : throw NotTaken(property.Key, "generations"),
                "input_fidelity" => request is ImageEditOptions edit
                    ? edit with { InputFidelity = edit.InputFidelity ?? new ImageInputFidelity(Text(property.Key, value)) }
                    : throw NotTaken(property.Key, "edits"),
                "mask" => request is ImageEditOptions masked
                    ? masked with { Mask = masked.Mask ?? Image(value) }
                    : throw NotTaken(property.Key, "edits"),
                _ => request,
            };
        }

        return request;
    }

    private static string Text(string key, object value) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString()!,
        IFormattable or JsonElement => throw WrongKind(key, value, "text"),
        _ => value.ToString() ?? throw WrongKind(key, value, "text"),
    };

    private static int Int(string key, object value)
    {
        try
        {
            return value switch
            {
                int number => number,
                long or short or byte or sbyte or ushort or uint or ulong => Convert.ToInt32(value, CultureInfo.InvariantCulture),
                double or float or decimal when Convert.ToDecimal(value, CultureInfo.InvariantCulture) is var d && d == decimal.Truncate(d) => Convert.ToInt32(value, CultureInfo.InvariantCulture),
                JsonElement { ValueKind: JsonValueKind.Number } json when json.TryGetInt32(out int number) => number,
                string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) => number,
                _ => throw WrongKind(key, value, "a whole number"),
            };
        }
        catch (OverflowException ex)
        {
            throw new ArgumentException($"AdditionalProperties[\"{key}\"] is {value}, too large for {key}.", "options", ex);
        }
    }

    private static ImageInput Image(object value) => value switch
    {
        ImageInput input => input,
        AIContent content => ImageRequestMapper.Input(content, "AdditionalProperties[\"mask\"]"),
        _ => throw WrongKind("mask", value, "an image (DataContent, UriContent, HostedFileContent or ImageInput)"),
    };

    private static ArgumentException WrongKind(string key, object value, string expected) =>
        new($"AdditionalProperties[\"{key}\"] is a {value.GetType().Name}; {key} takes {expected}.", "options");

    private static ArgumentException NotTaken(string key, string operation) =>
        new($"AdditionalProperties[\"{key}\"] applies to {operation} only.", "options");
}
