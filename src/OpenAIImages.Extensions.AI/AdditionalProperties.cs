using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using OpenAIImages;

namespace Microsoft.Extensions.AI;

/// <summary>
/// Reads the model fields Microsoft.Extensions.AI has no property for from <see cref="ImageGenerationOptions.AdditionalProperties"/>,
/// keyed by their names in the API (<c>quality</c>, <c>background</c>, <c>output_compression</c>, ...), into the request.
/// </summary>
/// <remarks>
/// A value may be the SDK's own type (<see cref="ImageQuality"/>, <see cref="ImageSvgOptions"/>), its wire text
/// (<c>"high"</c>), a number, or a <see cref="JsonElement"/> of either, as options read from JSON hold; <c>svg</c> may
/// also be an object (a dictionary or JSON) of <c>model</c> and <c>reasoning.effort</c>, and <c>mask</c> and
/// <c>markup</c> an image. A field the request already has is kept.
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
                "svg" => request with { Svg = request.Svg ?? Svg(value) },
                "style" => request is OpenAIImages.ImageGenerationOptions generation
                    ? generation with { Style = generation.Style ?? new ImageStyle(Text(property.Key, value)) }
                    : throw NotTaken(property.Key, "generations"),
                "input_fidelity" => request is ImageEditOptions edit
                    ? edit with { InputFidelity = edit.InputFidelity ?? new ImageInputFidelity(Text(property.Key, value)) }
                    : throw NotTaken(property.Key, "edits"),
                "mask" => request is ImageEditOptions masked
                    ? masked with { Mask = masked.Mask ?? Image(property.Key, value) }
                    : throw NotTaken(property.Key, "edits"),
                "markup" => request is ImageEditOptions marked
                    ? marked with { Markup = marked.Markup ?? Image(property.Key, value) }
                    : throw NotTaken(property.Key, "edits"),
                _ => request,
            };
        }

        return request;
    }

    /// <summary>Reads the fields a variation takes (<c>n</c>, <c>size</c>, <c>response_format</c>, <c>user</c>); a field only generations and edits take is refused, not dropped.</summary>
    /// <exception cref="ArgumentException">A known key has a value of the wrong kind, or is one variations do not take.</exception>
    public static ImageVariationOptions Apply(ImageVariationOptions variation, IReadOnlyDictionary<string, object?> properties)
    {
        foreach (KeyValuePair<string, object?> property in properties)
        {
            if (property.Value is not { } value)
            {
                continue;
            }

            variation = property.Key switch
            {
                "n" => variation with { N = variation.N ?? Int(property.Key, value) },
                "size" => variation with { Size = variation.Size ?? new ImageSize(Text(property.Key, value)) },
                "response_format" => variation with { ResponseFormat = variation.ResponseFormat ?? new ImageResponseFormat(Text(property.Key, value)) },
                "user" => variation with { User = variation.User ?? Text(property.Key, value) },
                "quality" or "background" or "moderation" or "output_compression" or "output_format" or "safety_identifier" or "complexity"
                    or "frame_count" or "frame_duration_ms" or "partial_images" or "svg" or "style" or "input_fidelity" or "mask" or "markup"
                    => throw NotTaken(property.Key, "generations and edits"),
                _ => variation,
            };
        }

        return variation;
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

    private static ImageInput Image(string key, object value) => value switch
    {
        ImageInput input => input,
        AIContent content => ImageRequestMapper.Input(content, $"AdditionalProperties[\"{key}\"]"),
        _ => throw WrongKind(key, value, "an image (DataContent, UriContent, HostedFileContent or ImageInput)"),
    };

    // svg is an object in the API ({"model": ..., "reasoning": {"effort": ...}}): the SDK's record, or that object as a
    // dictionary or as JSON. A member it does not know is refused rather than dropped.
    private static ImageSvgOptions Svg(object value)
    {
        if (value is ImageSvgOptions svg)
        {
            return svg;
        }

        string? model = null;
        string? effort = null;
        foreach (KeyValuePair<string, object?> member in Members("svg", value, "ImageSvgOptions or an object of model and reasoning.effort"))
        {
            switch (member.Key)
            {
                case "model" when member.Value is not null:
                    model = Text("svg.model", member.Value);
                    break;
                case "reasoning" when member.Value is not null:
                    foreach (KeyValuePair<string, object?> reasoning in Members("svg.reasoning", member.Value, "an object of effort"))
                    {
                        effort = reasoning.Key == "effort"
                            ? reasoning.Value is null ? null : Text("svg.reasoning.effort", reasoning.Value)
                            : throw Unknown("svg.reasoning", reasoning.Key, "effort");
                    }

                    break;
                case "model" or "reasoning":
                    break;
                default:
                    throw Unknown("svg", member.Key, "model, reasoning");
            }
        }

        return new ImageSvgOptions(model, effort);
    }

    private static IEnumerable<KeyValuePair<string, object?>> Members(string key, object value, string expected)
    {
        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> dictionary:
                return dictionary;
            case JsonElement { ValueKind: JsonValueKind.Object } json:
                var members = new List<KeyValuePair<string, object?>>();
                foreach (JsonProperty property in json.EnumerateObject())
                {
                    members.Add(new(property.Name, property.Value.ValueKind == JsonValueKind.Null ? null : property.Value));
                }

                return members;
            default:
                throw WrongKind(key, value, expected);
        }
    }

    private static ArgumentException Unknown(string key, string member, string known) =>
        new($"AdditionalProperties[\"{key.Split('.')[0]}\"] has '{member}' in {key}, which takes {known} only.", "options");

    private static ArgumentException WrongKind(string key, object value, string expected) =>
        new($"AdditionalProperties[\"{key}\"] is a {value.GetType().Name}; {key} takes {expected}.", "options");

    private static ArgumentException NotTaken(string key, string operation) =>
        new($"AdditionalProperties[\"{key}\"] applies to {operation} only.", "options");
}
