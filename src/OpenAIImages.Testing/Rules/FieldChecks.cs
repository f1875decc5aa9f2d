using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using OpenAIImages.Testing.Engine;
using static OpenAIImages.Testing.Rules.SizeChecks;
using static OpenAIImages.Testing.Rules.InputImageChecks;
using static OpenAIImages.Testing.Rules.Wording;

namespace OpenAIImages.Testing.Rules;

/// <summary>Checks the scalar fields of a request (prompt, n, quality-like choices, output format, GIF frames, streaming) against the model, in the live wording.</summary>
internal static class FieldChecks
{
    internal static string Prompt(FieldReader fields, ServiceModel model)
    {
        string? prompt = fields.String("prompt");
        if (prompt is null)
        {
            throw ApiErrorException.Invalid("prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
        }

        if (prompt.Length == 0)
        {
            throw ApiErrorException.Invalid("prompt", "empty_string", "Invalid 'prompt': empty string. Expected a string with minimum length 1.");
        }

        if (prompt.Length > model.PromptMaxLength)
        {
            throw ApiErrorException.Invalid(
                "prompt",
                "string_above_max_length",
                $"Invalid 'prompt': string too long. Expected a string with maximum length {Number(model.PromptMaxLength)} for {model.Id}, but got a string with length {Number(prompt.Length)} instead.");
        }

        return prompt;
    }

    internal static int Count(FieldReader fields, ServiceModel model)
    {
        int n = fields.Integer("n") ?? 1;
        Range("n", n, 1, 10);
        if (n > model.MaxN)
        {
            throw ApiErrorException.Invalid("n", "invalid_value", $"You must provide n={Number(model.MaxN)} for this model ({model.Id}).");
        }

        return n;
    }

    /// <summary>The schema's integer bounds, in the live wording and codes.</summary>
    internal static void Range(string param, int value, int min, int max)
    {
        if (value < min)
        {
            throw ApiErrorException.Invalid(param, "integer_below_min_value", $"Invalid '{param}': integer below minimum value. Expected a value >= {Number(min)}, but got {Number(value)} instead.");
        }

        if (value > max)
        {
            throw ApiErrorException.Invalid(param, "integer_above_max_value", $"Invalid '{param}': integer above maximum value. Expected a value <= {Number(max)}, but got {Number(value)} instead.");
        }
    }

    /// <summary>Reads an enum-like parameter: unsupported by the model (null list) or a value outside the list is a 400 naming the parameter.</summary>
    internal static string? Choice(FieldReader fields, string param, IReadOnlyList<string>? allowed, ServiceModel model)
    {
        string? value = fields.String(param);
        if (value is null)
        {
            return value;
        }

        if (allowed is null)
        {
            throw ApiErrorException.Invalid(param, "unsupported_parameter", $"Unsupported parameter: '{param}' is not supported with this model ({model.Id}).");
        }

        if (!allowed.Contains(value))
        {
            throw ApiErrorException.Invalid(param, "invalid_value", $"Invalid value: '{value}'. Supported values are: {Quoted(allowed)}.");
        }

        return value;
    }

    internal static void InputFidelity(FieldReader fields, ServiceModel model)
    {
        if (model.IsGpt && model.InputFidelities is null && fields.Has("input_fidelity"))
        {
            // gpt-image-2 and later refuse it past the schema, in these words.
            throw ApiErrorException.UserError("input_fidelity", "invalid_input_fidelity_model", $"The model '{model.Id}' does not support the 'input_fidelity' parameter.");
        }

        Choice(fields, "input_fidelity", model.InputFidelities, model);
    }

    internal static string OutputFormat(FieldReader fields, ServiceModel model, string? background)
    {
        string? requested = Choice(fields, "output_format", model.OutputFormats, model);
        string format = requested ?? "png";
        if (background == "transparent" && format == "jpeg")
        {
            throw ApiErrorException.Invalid("background", "invalid_value", "Invalid value for 'background': 'transparent' needs an output_format with alpha ('png', 'webp' or 'gif'), not 'jpeg'.");
        }

        int? compression = fields.Integer("output_compression");
        if (compression is not null)
        {
            if (model.OutputFormats is null)
            {
                throw ApiErrorException.Invalid("output_compression", "unsupported_parameter", $"Unsupported parameter: 'output_compression' is not supported with {model.Id}.");
            }

            Range("output_compression", compression.Value, 0, 100);

            if (format is not ("jpeg" or "webp"))
            {
                throw ApiErrorException.Invalid("output_compression", "invalid_value", $"Invalid 'output_compression': it applies only to output_format 'jpeg' or 'webp', not '{format}'.");
            }
        }

        return format;
    }

    /// <summary>Reads a GIF's frame_count (2–16, default 9) and frame_duration_ms (at least 1, default 200); other formats draw one frame.</summary>
    internal static (int FrameCount, int FrameDurationMs) Frames(FieldReader fields, string format)
    {
        if (format != "gif")
        {
            return (9, 200);
        }

        int frames = fields.Integer("frame_count") ?? 9;
        if (frames is < 2 or > 16)
        {
            throw ApiErrorException.Invalid("frame_count", "invalid_value", $"Invalid value for 'frame_count': {Number(frames)}; it must be between 2 and 16.");
        }

        int duration = fields.Integer("frame_duration_ms") ?? 200;
        if (duration < 1)
        {
            throw ApiErrorException.Invalid("frame_duration_ms", "invalid_value", $"Invalid value for 'frame_duration_ms': {Number(duration)}; it must be at least 1.");
        }

        return (frames, duration);
    }

    internal static (bool Stream, int PartialImages) Streaming(FieldReader fields, ServiceModel model)
    {
        bool stream = fields.Boolean("stream") ?? false;
        int? partial = fields.Integer("partial_images");
        if (!model.Streams)
        {
            if (stream)
            {
                throw ApiErrorException.Invalid("stream", "unsupported_parameter", $"Unsupported parameter: 'stream' is not supported with {model.Id}; streaming is for the GPT image models.");
            }

            if (partial is not null)
            {
                throw ApiErrorException.Invalid("partial_images", "unsupported_parameter", $"Unsupported parameter: 'partial_images' is not supported with {model.Id}; streaming is for the GPT image models.");
            }
        }

        if (partial is { } count)
        {
            Range("partial_images", count, 0, 3);
        }

        return (stream, partial ?? 0);
    }
}
