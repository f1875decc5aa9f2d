using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using OpenAIImages.Testing.Engine;
using static OpenAIImages.Testing.Rules.FieldChecks;
using static OpenAIImages.Testing.Rules.InputImageChecks;
using static OpenAIImages.Testing.Rules.Wording;

namespace OpenAIImages.Testing.Rules;

/// <summary>Checks <c>size</c> per model and endpoint, custom sizes included, and resolves <c>auto</c>.</summary>
internal static class SizeChecks
{
    internal static readonly string[] VariationSizes = ["256x256", "512x512", "1024x1024"];
    internal static readonly string[] JsonEditSizes = ["auto", "1024x1024", "1536x1024", "1024x1536"];

    internal static (int Width, int Height) Size(FieldReader fields, ServiceModel model, Endpoint endpoint, bool jsonEdit)
    {
        string text = fields.String("size") ?? endpoint switch
        {
            Endpoint.Generations => model.DefaultGenerationSize,
            Endpoint.Edits => model.DefaultEditSize,
            _ => "1024x1024",
        };

        // Two endpoints close the size enum whatever the model: variations and JSON edits; so do the DALL·E models.
        IReadOnlyList<string>? closed = endpoint == Endpoint.Variations ? VariationSizes : jsonEdit ? JsonEditSizes : !model.IsGpt ? model.Sizes : null;
        if (closed is not null && !closed.Contains(text))
        {
            throw ApiErrorException.Invalid("size", "invalid_value", $"Invalid value: '{text}'. Supported values are: {Quoted(closed)}.");
        }

        // The GPT image models check sizes themselves, past the schema: image_generation_user_error, in the live wording.
        if (text == "auto")
        {
            return (1024, 1024);
        }

        bool parsed = TryParseSize(text, out int width, out int height);
        if (parsed && model.Sizes.Contains(text))
        {
            return (width, height);
        }

        if (!model.CustomSizes)
        {
            throw ApiErrorException.UserError("size", "invalid_value", $"Invalid size '{text}'. Supported sizes are {Listed(model.Sizes)}.");
        }

        string? problem = parsed ? CustomSizeProblem(width, height) : "Use 'auto' or WIDTHxHEIGHT, for example 1536x864";
        if (problem is not null)
        {
            throw ApiErrorException.UserError("size", "invalid_value", $"Invalid size '{text}'. {problem}.");
        }

        return (width, height);
    }

    /// <summary>The gpt-image-2 size rule; the edge and minimum-budget sentences are the live ones, the others follow their form.</summary>
    internal static string? CustomSizeProblem(int width, int height)
    {
        long pixels = (long)width * height;
        int longest = Math.Max(width, height);
        int shortest = Math.Min(width, height);
        if (width % 16 != 0 || height % 16 != 0)
        {
            return "Both the width and the height must be multiples of 16";
        }

        if (longest > 3840)
        {
            return "The longest edge must be less than or equal to 3840";
        }

        if (longest > 3L * shortest)
        {
            return "The ratio of the longest to the shortest edge must be at most 3:1";
        }

        if (pixels < 655_360)
        {
            return "Requested resolution is below the current minimum pixel budget";
        }

        if (pixels > 8_294_400)
        {
            return "Requested resolution is above the current maximum pixel budget";
        }

        return null;
    }

    internal static bool TryParseSize(string text, out int width, out int height)
    {
        width = 0;
        height = 0;
        int x = text.IndexOf('x', StringComparison.Ordinal);
        return x > 0
            && int.TryParse(text.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(text.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width > 0
            && height > 0;
    }
}
