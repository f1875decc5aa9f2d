using System;
using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using OpenAIImages.Testing.Engine;
using OpenAIImages.Testing.Imaging;

namespace OpenAIImages.Testing.Rules;

/// <summary>Checks a request against the spec and the model's profile, and fills in the defaults; throws <see cref="ApiErrorException"/> for the first problem.</summary>
internal static class RequestChecks
{
    private static readonly FrozenSet<string> GenerationFields = FrozenSet.ToFrozenSet(
    [
        "model", "prompt", "n", "size", "quality", "style", "response_format", "output_format", "output_compression",
        "background", "moderation", "stream", "partial_images", "user", "safety_identifier", "complexity",
        "frame_count", "frame_duration_ms", "svg",
    ]);

    private static readonly FrozenSet<string> MultipartEditFields = FrozenSet.ToFrozenSet(
    [
        "model", "prompt", "n", "size", "quality", "response_format", "output_format", "output_compression",
        "background", "input_fidelity", "stream", "partial_images", "user", "safety_identifier", "complexity",
        "frame_count", "frame_duration_ms", "svg[model]", "svg[reasoning][effort]",
    ]);

    private static readonly FrozenSet<string> JsonEditFields = FrozenSet.ToFrozenSet(
    [
        "images", "mask", "model", "prompt", "n", "size", "quality", "output_format", "output_compression",
        "background", "moderation", "input_fidelity", "stream", "partial_images", "user", "safety_identifier", "complexity",
        "frame_count", "frame_duration_ms", "svg",
    ]);

    private static readonly FrozenSet<string> VariationFields = FrozenSet.ToFrozenSet(["model", "n", "size", "response_format", "user"]);

    private static readonly string[] VariationSizes = ["256x256", "512x512", "1024x1024"];
    private static readonly string[] JsonEditSizes = ["auto", "1024x1024", "1536x1024", "1024x1536"];
    private static readonly string[] ImageMimeTypes = ["image/png", "image/jpeg", "image/webp"];

    /// <param name="endpoint">The operation asked for.</param>
    /// <param name="body">The request's body, as read.</param>
    /// <param name="models">The models served.</param>
    /// <param name="modelId">The model to serve the request with, in place of its <c>model</c> field (an Azure deployment's); null to read the field.</param>
    public static ImageJob Validate(Endpoint endpoint, RequestBody body, ServiceModels models, string? modelId = null)
    {
        CheckContentType(endpoint, body);
        if (body.Error is not null)
        {
            throw body.Error;
        }

        var fields = new FieldReader(body);
        bool jsonEdit = endpoint == Endpoint.Edits && body.Kind == BodyKind.Json;
        string defaultModel = endpoint switch
        {
            Endpoint.Generations => ServiceModels.DefaultGenerationModel,
            Endpoint.Edits => ServiceModels.DefaultEditModel,
            _ => ServiceModels.DefaultVariationModel,
        };
        modelId ??= fields.String("model") ?? defaultModel;
        ServiceModel? found = models.Find(modelId);
        if (found is null || !found.Endpoints.HasFlag(endpoint))
        {
            // The live wording of the schema's enum check; it lists the models of this endpoint.
            throw ApiErrorException.Invalid("model", "invalid_value", $"Invalid value: '{modelId}'. Supported values are: {Quoted(models.ServingIds(endpoint))}.");
        }

        ServiceModel model = found;

        if (jsonEdit && !model.IsGpt)
        {
            throw ApiErrorException.Invalid("model", "invalid_value", $"{model.Id} edits need multipart/form-data; JSON edits (images by URL or file id) are for the GPT image models only.");
        }

        CheckKnownParameters(endpoint, body, jsonEdit);

        string prompt = endpoint == Endpoint.Variations ? string.Empty : Prompt(fields, model);
        int n = Count(fields, model);
        (int width, int height) = Size(fields, model, endpoint, jsonEdit);

        string quality = Choice(fields, "quality", model.Qualities, model) ?? "auto";
        if (quality == "auto")
        {
            quality = model.DefaultQuality;
        }

        Choice(fields, "style", endpoint == Endpoint.Generations ? model.Styles : null, model);
        string responseFormat = Choice(fields, "response_format", model.ResponseFormats, model) ?? (model.IsGpt ? "b64_json" : "url");
        string? background = Choice(fields, "background", model.Backgrounds, model);
        Choice(fields, "moderation", model.Moderations, model);
        if (endpoint == Endpoint.Edits)
        {
            InputFidelity(fields, model);
        }

        Choice(fields, "complexity", model.Complexities, model);

        string outputFormat = OutputFormat(fields, model, background);
        (int frameCount, int frameDurationMs) = Frames(fields, outputFormat);
        (bool stream, int partialImages) = Streaming(fields, model);

        IReadOnlyList<byte[]> inputs = endpoint switch
        {
            Endpoint.Edits when jsonEdit => JsonEditImages(body, model),
            Endpoint.Edits => EditImages(body, model),
            Endpoint.Variations => VariationImage(body),
            _ => [],
        };

        return new ImageJob
        {
            Endpoint = endpoint,
            Model = model,
            Prompt = prompt,
            N = n,
            Width = width,
            Height = height,
            Quality = quality,
            AsUrl = !model.IsGpt && responseFormat == "url",
            OutputFormat = outputFormat,
            OutputCompression = fields.Integer("output_compression") ?? 100,
            FrameCount = frameCount,
            FrameDurationMs = frameDurationMs,
            Background = background == "transparent" ? "transparent" : "opaque",
            Stream = stream,
            PartialImages = partialImages,
            Inputs = inputs,
            Mask = endpoint == Endpoint.Edits && !jsonEdit ? body.Files.LastOrDefault(f => f.Name == "mask")?.Data : null,
        };
    }

    public static string Path(Endpoint endpoint) => endpoint switch
    {
        Endpoint.Generations => "/images/generations",
        Endpoint.Edits => "/images/edits",
        _ => "/images/variations",
    };

    private static void CheckContentType(Endpoint endpoint, RequestBody body)
    {
        bool ok = endpoint switch
        {
            Endpoint.Generations => body.Kind == BodyKind.Json,
            Endpoint.Edits => body.Kind is BodyKind.Json or BodyKind.Multipart,
            _ => body.Kind == BodyKind.Multipart,
        };
        if (!ok)
        {
            string expected = endpoint switch
            {
                Endpoint.Generations => "application/json",
                Endpoint.Edits => "multipart/form-data (or application/json for GPT image models)",
                _ => "multipart/form-data",
            };
            throw new ApiErrorException(400, $"Invalid Content-Type: {Path(endpoint)} expects {expected}.", null, "invalid_content_type");
        }
    }

    private static void CheckKnownParameters(Endpoint endpoint, RequestBody body, bool jsonEdit)
    {
        FrozenSet<string> allowed = endpoint switch
        {
            Endpoint.Generations => GenerationFields,
            Endpoint.Edits when jsonEdit => JsonEditFields,
            Endpoint.Edits => MultipartEditFields,
            _ => VariationFields,
        };
        foreach (string name in body.Fields.Keys)
        {
            if (!allowed.Contains(name))
            {
                bool isFileField = name is "image" or "image[]" or "mask" && endpoint != Endpoint.Generations && !jsonEdit;
                throw isFileField
                    ? ApiErrorException.Invalid(name, "invalid_type", $"Invalid type for '{name}': expected a file, but got text. Send it as a file part with a filename and Content-Type.")
                    : ApiErrorException.Invalid(name, "unknown_parameter", $"Unknown parameter: '{name}' is not accepted by {Path(endpoint)}.");
            }
        }

        foreach (BodyFile file in body.Files)
        {
            bool fileAllowed = endpoint switch
            {
                Endpoint.Edits => file.Name is "image" or "image[]" or "mask" or "markup",
                Endpoint.Variations => file.Name == "image",
                _ => false,
            };
            if (!fileAllowed)
            {
                throw ApiErrorException.Invalid(file.Name, "unknown_parameter", $"Unknown parameter: file '{file.Name}' is not accepted by {Path(endpoint)}.");
            }
        }
    }

    private static string Prompt(FieldReader fields, ServiceModel model)
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

    private static int Count(FieldReader fields, ServiceModel model)
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
    private static void Range(string param, int value, int min, int max)
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

    private static (int Width, int Height) Size(FieldReader fields, ServiceModel model, Endpoint endpoint, bool jsonEdit)
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
    private static string? CustomSizeProblem(int width, int height)
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

    private static bool TryParseSize(string text, out int width, out int height)
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

    /// <summary>Reads an enum-like parameter: unsupported by the model (null list) or a value outside the list is a 400 naming the parameter.</summary>
    private static string? Choice(FieldReader fields, string param, IReadOnlyList<string>? allowed, ServiceModel model)
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

    private static void InputFidelity(FieldReader fields, ServiceModel model)
    {
        if (model.IsGpt && model.InputFidelities is null && fields.Has("input_fidelity"))
        {
            // gpt-image-2 and later refuse it past the schema, in these words.
            throw ApiErrorException.UserError("input_fidelity", "invalid_input_fidelity_model", $"The model '{model.Id}' does not support the 'input_fidelity' parameter.");
        }

        Choice(fields, "input_fidelity", model.InputFidelities, model);
    }

    private static string OutputFormat(FieldReader fields, ServiceModel model, string? background)
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
    private static (int FrameCount, int FrameDurationMs) Frames(FieldReader fields, string format)
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

    private static (bool Stream, int PartialImages) Streaming(FieldReader fields, ServiceModel model)
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

    private static List<byte[]> EditImages(RequestBody body, ServiceModel model)
    {
        List<BodyFile> images = body.Files.Where(f => f.Name is "image" or "image[]").ToList();
        if (images.Count == 0)
        {
            throw ApiErrorException.Invalid("image", "missing_required_parameter", "Missing required parameter: 'image' (a file part named 'image', or repeated 'image[]' parts).");
        }

        if (images.Count > model.MaxEditImages)
        {
            string rule = model.MaxEditImages == 1 ? $"{model.Id} edits take exactly one image" : $"{model.Id} edits take at most {Number(model.MaxEditImages)} images";
            throw ApiErrorException.Invalid("image", "invalid_value", $"Invalid 'image': {rule}; got {Number(images.Count)}.");
        }

        var formats = new List<ImageFormat>();
        for (int index = 0; index < images.Count; index++)
        {
            formats.Add(model.EditNeedsSquarePng ? SquarePng(images[index], "image", model.Id) : AnyImage(images[index], index, model));
        }

        BodyFile? mask = body.Files.LastOrDefault(f => f.Name == "mask");
        if (mask is not null)
        {
            ImageFormat maskFormat = Png(mask, "mask", model.MaxEditImageBytes);
            if (!PngHasAlpha(mask.Data))
            {
                throw ApiErrorException.Invalid(
                    "mask",
                    "invalid_image_format",
                    $"Invalid 'mask': '{mask.FileName}' has no alpha channel. A mask must be a PNG with transparency (RGBA or LA); its fully transparent pixels mark where to edit.");
            }

            ImageFormat first = formats[0];
            if (first.IsPng && (maskFormat.Width != first.Width || maskFormat.Height != first.Height))
            {
                throw ApiErrorException.Invalid(
                    "mask",
                    "invalid_value",
                    $"Invalid 'mask': it must be the same size as the image ({Number(first.Width)}x{Number(first.Height)}), but is {Number(maskFormat.Width)}x{Number(maskFormat.Height)}.");
            }
        }

        return images.Select(i => i.Data).ToList();
    }

    private static List<byte[]> VariationImage(RequestBody body)
    {
        List<BodyFile> images = body.Files.Where(f => f.Name == "image").ToList();
        if (images.Count == 0)
        {
            throw ApiErrorException.Invalid("image", "missing_required_parameter", "Missing required parameter: 'image' (a square PNG file part).");
        }

        if (images.Count > 1)
        {
            throw ApiErrorException.Invalid("image", "invalid_value", $"Invalid 'image': variations take exactly one image; got {Number(images.Count)}.");
        }

        SquarePng(images[0], "image", "variations");
        return [images[0].Data];
    }

    private static ImageFormat SquarePng(BodyFile file, string param, string subject)
    {
        ImageFormat format = Png(file, param, ServiceModels.FourMegabytes);
        if (format.Width != format.Height)
        {
            throw ApiErrorException.Invalid(
                param,
                "invalid_value",
                $"Invalid '{param}': {subject} needs a square PNG, but '{file.FileName}' is {Number(format.Width)}x{Number(format.Height)}.");
        }

        return format;
    }

    private static ImageFormat Png(BodyFile file, string param, long maxBytes)
    {
        MimeType(file, param, ["image/png"]);
        Length(file, param, maxBytes);
        ImageFormat? format = ImageFormat.Sniff(file.Data);
        if (format is not { IsPng: true })
        {
            throw ApiErrorException.Invalid(param, "invalid_image_format", $"Invalid '{param}': uploaded image must be a PNG and less than {Number(maxBytes / (1024 * 1024))} MB; '{file.FileName}' is not a PNG.");
        }

        return format.Value;
    }

    private static ImageFormat AnyImage(BodyFile file, int index, ServiceModel model)
    {
        MimeType(file, "image", ImageMimeTypes);
        Length(file, "image", model.MaxEditImageBytes);

        // The image model, not the schema, finds that the bytes are no picture; the live message counts images from 1.
        return ImageFormat.Sniff(file.Data)
            ?? throw ApiErrorException.UserError("image", "invalid_image_file", $"Invalid image file or mode for image {Number(index + 1)}, please check your image file.");
    }

    /// <summary>Checks the part's media type; a part sent without one (as the official .NET client sends them) is typed from its bytes, as the service does.</summary>
    private static void MimeType(BodyFile file, string param, string[] allowed)
    {
        string mime = file.ContentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mime.Length == 0)
        {
            mime = ImageFormat.Sniff(file.Data)?.Kind switch
            {
                ImageFormat.Png => "image/png",
                ImageFormat.Jpeg => "image/jpeg",
                ImageFormat.Webp => "image/webp",
                _ => "application/octet-stream",
            };
        }
        else if (mime == "image/jpg")
        {
            mime = "image/jpeg";
        }

        if (!allowed.Contains(mime))
        {
            string[] sorted = allowed.Order(StringComparer.Ordinal).ToArray();
            throw ApiErrorException.Invalid(
                param,
                "unsupported_file_mimetype",
                $"Invalid file '{param}': unsupported mimetype ('{mime}'). Supported file formats are {Quoted(sorted)}.");
        }
    }

    /// <summary>Whether a PNG has an alpha channel: colour type 4 or 6, or a <c>tRNS</c> chunk before the pixel data.</summary>
    private static bool PngHasAlpha(byte[] png)
    {
        if (png[25] is 4 or 6)
        {
            return true;
        }

        int offset = 8;
        while (offset + 8 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            ReadOnlySpan<byte> type = png.AsSpan(offset + 4, 4);
            if (type.SequenceEqual("tRNS"u8))
            {
                return true;
            }

            if (type.SequenceEqual("IDAT"u8) || length < 0)
            {
                return false;
            }

            offset += 12 + length;
        }

        return false;
    }

    private static void Length(BodyFile file, string param, long maxBytes)
    {
        if (file.Data.LongLength >= maxBytes)
        {
            throw ApiErrorException.Invalid(
                param,
                "image_too_large",
                $"Invalid '{param}': '{file.FileName}' is {Number(file.Data.LongLength)} bytes; it must be smaller than {Number(maxBytes / (1024 * 1024))} MB.");
        }
    }

    private static List<byte[]> JsonEditImages(RequestBody body, ServiceModel model)
    {
        if (!body.JsonRoot.TryGetProperty("images", out JsonElement images) || images.ValueKind == JsonValueKind.Null)
        {
            throw ApiErrorException.Invalid("images", "missing_required_parameter", "Missing required parameter: 'images'.");
        }

        if (images.ValueKind != JsonValueKind.Array)
        {
            throw ApiErrorException.Invalid("images", "invalid_type", "Invalid type for 'images': expected an array of image references.");
        }

        int count = images.GetArrayLength();
        if (count < 1 || count > model.MaxEditImages)
        {
            throw ApiErrorException.Invalid("images", "invalid_value", $"Invalid 'images': expected 1 to {Number(model.MaxEditImages)} items, got {Number(count)}.");
        }

        var result = new List<byte[]>();
        int index = 0;
        foreach (JsonElement item in images.EnumerateArray())
        {
            result.Add(Encoding.UTF8.GetBytes(ImageReference(item, $"images[{Number(index)}]")));
            index++;
        }

        if (body.JsonRoot.TryGetProperty("mask", out JsonElement mask) && mask.ValueKind != JsonValueKind.Null)
        {
            ImageReference(mask, "mask");
        }

        return result;
    }

    private static string ImageReference(JsonElement item, string param)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw ApiErrorException.Invalid(param, "invalid_type", $"Invalid type for '{param}': expected an object with 'image_url' or 'file_id'.");
        }

        string? reference = null;
        int keys = 0;
        foreach (JsonProperty property in item.EnumerateObject())
        {
            keys++;
            if (property.Name is not ("image_url" or "file_id"))
            {
                throw ApiErrorException.Invalid($"{param}.{property.Name}", "unknown_parameter", $"Unknown parameter: '{param}.{property.Name}'.");
            }

            if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() is not { Length: > 0 } text)
            {
                throw ApiErrorException.Invalid($"{param}.{property.Name}", "invalid_type", $"Invalid type for '{param}.{property.Name}': expected a non-empty string.");
            }

            if (property.Name == "image_url" && !text.StartsWith("https://", StringComparison.Ordinal) && !text.StartsWith("data:image/", StringComparison.Ordinal))
            {
                throw ApiErrorException.Invalid($"{param}.image_url", "invalid_value", $"Invalid '{param}.image_url': expected an https URL or a base64 data URL (data:image/...;base64,...).");
            }

            if (property.Name == "image_url" && text.Length > 20_971_520)
            {
                throw ApiErrorException.Invalid($"{param}.image_url", "string_above_max_length", $"Invalid '{param}.image_url': longer than 20,971,520 characters.");
            }

            reference = text;
        }

        if (keys != 1 || reference is null)
        {
            throw ApiErrorException.Invalid(param, "invalid_value", $"Invalid '{param}': give exactly one of 'image_url' or 'file_id'.");
        }

        return reference;
    }

    /// <summary>Lists values as the live API's enum errors do: <c>'a', 'b', and 'c'</c>.</summary>
    private static string Quoted(IEnumerable<string> values) => Listed(values.Select(v => $"'{v}'"));

    /// <summary>Joins with commas and a final "and", as the live API's messages do: <c>a, b, and c</c>; <c>a and b</c>.</summary>
    private static string Listed(IEnumerable<string> values)
    {
        string[] items = values.ToArray();
        return items.Length switch
        {
            0 => string.Empty,
            1 => items[0],
            2 => $"{items[0]} and {items[1]}",
            _ => string.Join(", ", items[..^1]) + ", and " + items[^1],
        };
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
