using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OpenAIImages.Requests;

namespace OpenAIImages.Catalog;

/// <summary>Where a request goes and when: retired models and endpoints are refused only on OpenAI's own service.</summary>
/// <param name="IsOpenAIService">Whether the base address is OpenAI's (<c>api.openai.com</c>); Azure and compatible servers keep their own lifecycles.</param>
/// <param name="Now">The current time, from the client's clock.</param>
internal readonly record struct ValidationContext(bool IsOpenAIService, DateTimeOffset Now);

/// <summary>Checks option records against a model's profile and collects every problem, before anything is sent.</summary>
/// <remarks>A struct, used as a local: checking a valid request allocates nothing.</remarks>
internal struct RequestValidator
{
    private static readonly string[] JsonEditSizes = ["auto", "1024x1024", "1536x1024", "1024x1536"];

    private static readonly ImageValidationError[] NoErrors = [];

    private List<ImageValidationError>? _errors;
    private readonly ModelProfile _model;
    private readonly ValidationContext _context;

    private RequestValidator(ModelProfile model, ValidationContext context)
    {
        _model = model;
        _context = context;
    }

    public static IReadOnlyList<ImageValidationError> Check(ImageGenerationOptions options, ModelProfile model, bool stream, ValidationContext context)
    {
        var v = new RequestValidator(model, context);
        v.Operation(ImageOperations.Generate, "image generation");
        v.Streaming(stream, options.PartialImages, "GenerateStreamingAsync");
        v.Value("style", options.Style?.Value, model.Styles, p => p.Styles);
        v.Shared(options, model.GenerationSizes, model.Qualities, p => p.Qualities, stream, hasMask: false);
        return v.Errors;
    }

    public static IReadOnlyList<ImageValidationError> Check(ImageEditOptions options, ModelProfile model, IReadOnlyList<ImageInfo> images, ImageInfo? mask, ImageInfo? markup, bool stream, ValidationContext context)
    {
        var v = new RequestValidator(model, context);
        v.Operation(ImageOperations.Edit, "image edits");
        v.Streaming(stream, options.PartialImages, "EditStreamingAsync");
        if (IsJsonEdit(options))
        {
            v.References(options);
        }
        else if (!v.MixedInputs(options))
        {
            v.Images(options.Images.Count == 1 ? "image" : "image[]", images, model.EditImages);
            v.Mask(mask, images.Count > 0 ? images[0] : null);
            v.Markup(markup, options.Mask is not null, images.Count > 0 ? images[0] : null);
            if (options.Moderation is { } moderation)
            {
                v.Add("moderation", moderation.Value, "moderation applies only to edits from image references (ImageInput.FromUrl or FromFileId), which are sent as JSON");
            }
        }

        v.Value("input_fidelity", options.InputFidelity?.Value, model.InputFidelities, p => p.InputFidelities);
        v.Shared(options, model.EditSizes, model.EditQualities, p => p.EditQualities, stream, hasMask: options.Mask is not null);
        return v.Errors;
    }

    // The fields generations and edits share, in wire order.
    private void Shared(ImageRequestOptions options, SizeRule sizes, AllowedValues qualities, Func<ModelProfile, AllowedValues> selectQualities, bool stream, bool hasMask)
    {
        string? format = options.OutputFormat?.Value;
        Prompt(options.Prompt);
        Count(options.N);
        Size(options.Size, sizes);
        Value("quality", options.Quality?.Value, qualities, selectQualities);
        Value("response_format", options.ResponseFormat?.Value, _model.ResponseFormats, p => p.ResponseFormats);
        Value("background", options.Background?.Value, _model.Backgrounds, p => p.Backgrounds);
        Value("output_format", format, _model.OutputFormats, p => p.OutputFormats);
        Compression(options.OutputCompression, format);
        Transparency(options.Background?.Value, format);
        Value("moderation", options.Moderation?.Value, _model.Moderations, p => p.Moderations);
        Formats(format, options.N, stream, options.PartialImages, options.OutputCompression, options.FrameCount, options.FrameDurationMs, options.Svg, hasMask);
        Value("complexity", options.Complexity?.Value, _model.Complexities, p => p.Complexities);
    }

    public static IReadOnlyList<ImageValidationError> Check(ImageVariationOptions options, ModelProfile model, ImageInfo image, ValidationContext context)
    {
        var v = new RequestValidator(model, context);
        if (context.IsOpenAIService)
        {
            v.Add("endpoint", "/images/variations", $"the variations endpoint was retired on OpenAI's API on {Day(ModelCatalog.VariationsRetired)}; use EditAsync with a GPT image model such as gpt-image-2 instead (Azure and OpenAI-compatible servers may still serve variations)");
        }

        v.Operation(ImageOperations.Variation, "image variations");
        v.Images("image", [image], model.VariationImage);
        v.Count(options.N);
        v.Size(options.Size, model.VariationSizes);
        v.Value("response_format", options.ResponseFormat?.Value, model.ResponseFormats, p => p.ResponseFormats);
        return v.Errors;
    }

    /// <summary>Whether an edit goes as JSON: when its images are references to images already online, not bytes.</summary>
    public static bool IsJsonEdit(ImageEditOptions options) =>
        options.Images is { Count: > 0 } images && images.All(i => i is { IsReference: true }) && options.Mask is null or { IsReference: true };

    // Most requests are valid: no list until the first problem.
    private IReadOnlyList<ImageValidationError> Errors => (IReadOnlyList<ImageValidationError>?)_errors ?? NoErrors;

    private void Add(string field, string? value, string message) => (_errors ??= []).Add(new ImageValidationError(field, value, message));

    // The lambdas that name other models live in their own methods, so a valid request allocates no closures for them.
    private static string ModelsDoing(ImageOperations operation) => ModelCatalog.ModelsWhere(p => (p.Operations & operation) != 0);

    private static string ModelsTaking(Func<ModelProfile, AllowedValues> select) => ModelCatalog.ModelsWhere(p => select(p).IsSupported);

    private static string Day(DateTimeOffset date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void Operation(ImageOperations operation, string name)
    {
        if (_context.IsOpenAIService && _model.ShutdownDate is { } shutdown && shutdown <= _context.Now)
        {
            string instead = _model.Replacement is { } replacement ? $"; use {replacement} instead" : string.Empty;
            Add("model", _model.Id, $"model '{_model.Id}' was retired on {Day(shutdown)} and OpenAI's API no longer serves it{instead} (Azure and OpenAI-compatible servers may still serve it)");
            return;
        }

        if ((_model.Operations & operation) == 0)
        {
            Add("model", _model.Id, $"model '{_model.Id}' does not support {name}; models that do: {ModelsDoing(operation)}");
        }
    }

    private void Streaming(bool stream, int? partialImages, string method)
    {
        if (stream && _model.MaxPartialImages is null)
        {
            Add("stream", "true", $"stream is not supported by {_model.Id}; models that stream: {ModelCatalog.ModelsWhere(p => p.MaxPartialImages is not null)}");
            return;
        }

        if (partialImages is not { } count)
        {
            return;
        }

        if (!stream)
        {
            Add("partial_images", Text(count), $"partial_images applies to streamed responses only; call {method}");
        }
        else if (count < 0 || count > (_model.MaxPartialImages ?? 3))
        {
            Add("partial_images", Text(count), $"partial_images {Text(count)} is out of range; allowed: 0 to {_model.MaxPartialImages ?? 3}");
        }
    }

    private void Formats(string? format, int? n, bool stream, int? partialImages, int? compression, int? frameCount, int? frameDurationMs, ImageSvgOptions? svg, bool hasMask)
    {
        if (format != "gif" && (frameCount is not null || frameDurationMs is not null))
        {
            Add(frameCount is not null ? "frame_count" : "frame_duration_ms", Text((frameCount ?? frameDurationMs)!.Value), $"{(frameCount is not null ? "frame_count" : "frame_duration_ms")} applies to output_format gif only");
        }

        if (format != "svg" && svg is not null)
        {
            Add("svg", svg.Model ?? svg.ReasoningEffort, "svg settings apply to output_format svg only");
        }

        if (format is "gif" or "svg")
        {
            if (stream || partialImages is not null)
            {
                Add("stream", "true", $"output_format {format} cannot be streamed; use GenerateAsync or EditAsync without partial_images");
            }

            if (compression is not null)
            {
                Add("output_compression", Text(compression.Value), $"output_compression applies to output_format jpeg or webp only, not to {format}");
            }
        }

        if (format == "gif")
        {
            if (frameCount is { } frames && (frames < 2 || frames > 16))
            {
                Add("frame_count", Text(frames), $"frame_count {Text(frames)} is out of range; allowed: 2 to 16");
            }

            if (frameDurationMs is { } duration && duration < 1)
            {
                Add("frame_duration_ms", Text(duration), "frame_duration_ms must be at least 1");
            }

            if (hasMask)
            {
                Add("mask", "mask", "a mask cannot be used with output_format gif");
            }
        }

        if (format == "svg" && n is { } count && count != 1)
        {
            Add("n", Text(count), $"n {Text(count)} is not allowed with output_format svg; it makes exactly 1 image per request");
        }
    }

    private void References(ImageEditOptions options)
    {
        if (!_model.AcceptsImageReferences)
        {
            Add("images", "references", $"{_model.Id} edits take uploaded files only; image references (URLs, file ids) need a GPT image model");
        }

        if (options.Images.Count > 16)
        {
            Add("images", Text(options.Images.Count), $"{options.Images.Count} images were given; at most 16 are accepted");
        }

        if (options.Markup is not null)
        {
            Add("markup", "markup", "markup is uploaded as a file; it cannot be sent with image references");
        }

        if (options.Size is { } size && !JsonEditSizes.Contains(size.Value))
        {
            Add("size", size.Value, $"size '{size.Value}' is not available for edits from image references; supported: {string.Join(", ", JsonEditSizes)}");
        }
    }

    /// <summary>Reports inputs that mix references and uploads; returns whether it did, so per-file checks are skipped.</summary>
    private bool MixedInputs(ImageEditOptions options)
    {
        bool anyReference = options.Images.Any(i => i is { IsReference: true }) || options.Mask is { IsReference: true } || options.Markup is { IsReference: true };
        if (anyReference)
        {
            Add("image", "mixed", "the images mix references (URLs or file ids) with files to upload; one request takes one kind: all references (sent as JSON) or all files (sent as multipart)");
        }

        return anyReference;
    }

    private void Markup(ImageInfo? markup, bool hasMask, ImageInfo? image)
    {
        if (markup is not { } m)
        {
            return;
        }

        if (!_model.SupportsMarkup)
        {
            Add("markup", "markup", $"markup is not supported by {_model.Id}; models that take it: {ModelCatalog.ModelsWhere(p => p.SupportsMarkup)}");
            return;
        }

        if (hasMask)
        {
            Add("markup", "markup", "markup cannot be used together with a mask; use one or the other");
        }

        if (m.Format != ImageFileFormat.Png || m.HasAlpha == false)
        {
            Add("markup", m.FormatName, "markup must be a PNG with transparency, drawn over the first image");
        }

        if (image is { HasDimensions: true } first && m.HasDimensions && (first.Width != m.Width || first.Height != m.Height))
        {
            Add("markup", $"{m.Width}x{m.Height}", $"markup is {m.Width}x{m.Height}; it must have the same dimensions as the first image, {first.Width}x{first.Height}");
        }
    }

    private void Prompt(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            Add("prompt", prompt, "prompt is required and cannot be empty or white space");
        }
        else if (_model.MaxPromptLength is { } max && prompt!.Length > max)
        {
            Add("prompt", Shorten(prompt), $"prompt is {prompt.Length.ToString("N0", CultureInfo.InvariantCulture)} characters; {_model.Id} accepts at most {max.ToString("N0", CultureInfo.InvariantCulture)}");
        }
    }

    private void Count(int? n)
    {
        if (n is not { } value)
        {
            return;
        }

        if (value < 1 || value > _model.MaxN)
        {
            string rule = _model.MaxN == 1 ? $"{_model.Id} creates exactly 1 image per request" : $"allowed: 1 to {_model.MaxN} for {_model.Id}";
            Add("n", Text(value), $"n {Text(value)} is out of range; {rule}");
        }
    }

    private void Size(ImageSize? size, SizeRule rule)
    {
        if (size is not { } value)
        {
            return;
        }

        string text = value.Value;
        bool hasDimensions = value.TryGetDimensions(out int width, out int height);
        if (!value.IsAuto && !hasDimensions)
        {
            Add("size", text, $"size '{text}' is not a size; use 'auto' or WIDTHxHEIGHT, for example 1024x1024");
            return;
        }

        if (rule.IsOpen || (value.IsAuto ? rule.AllowsAuto : rule.Fixed.Contains(text)))
        {
            return;
        }

        string supported = string.Join(", ", rule.AllowsAuto ? rule.Fixed.Concat(["auto"]) : rule.Fixed);
        if (rule.Flexible is not { } flexible || value.IsAuto)
        {
            Add("size", text, $"size '{text}' is not supported by {_model.Id}; supported: {supported}");
            return;
        }

        string? broken = FlexibleSizeProblem(width, height, flexible);
        if (broken is not null)
        {
            Add("size", text, $"size '{text}' is not supported by {_model.Id}: {broken}");
        }
    }

    private static string? FlexibleSizeProblem(int width, int height, FlexibleSizeRule rule)
    {
        var problems = new List<string>();
        if (width % rule.EdgeMultiple != 0 || height % rule.EdgeMultiple != 0)
        {
            problems.Add($"both edges must be multiples of {rule.EdgeMultiple}");
        }

        int longer = Math.Max(width, height);
        int shorter = Math.Min(width, height);
        if (longer > (long)shorter * rule.MaxAspectRatio)
        {
            problems.Add($"the longer edge may be at most {rule.MaxAspectRatio} times the shorter");
        }

        if (longer > rule.MaxEdge)
        {
            problems.Add($"the longest edge may be at most {rule.MaxEdge}");
        }

        long pixels = (long)width * height;
        if (pixels < rule.MinPixels || pixels > rule.MaxPixels)
        {
            problems.Add($"the total pixels ({Text(pixels)}) must be from {Text(rule.MinPixels)} to {Text(rule.MaxPixels)}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private void Value(string field, string? value, AllowedValues allowed, Func<ModelProfile, AllowedValues> select)
    {
        if (value is null || allowed.Allows(value))
        {
            return;
        }

        if (!allowed.IsSupported)
        {
            Add(field, value, $"{field} is not supported by {_model.Id}; models that take it: {ModelsTaking(select)}");
        }
        else
        {
            Add(field, value, $"{field} '{value}' is not supported by {_model.Id}; supported: {string.Join(", ", allowed.Values!)}");
        }
    }

    private void Compression(int? compression, string? outputFormat)
    {
        if (compression is not { } value)
        {
            return;
        }

        if (value < 0 || value > 100)
        {
            Add("output_compression", Text(value), $"output_compression {Text(value)} is out of range; allowed: 0 to 100");
        }

        string? format = outputFormat ?? _model.DefaultOutputFormat;
        if (format is "png" && (outputFormat is not null || _model.OutputFormats.IsSupported))
        {
            string why = outputFormat is null ? "the default output_format png" : "output_format png";
            Add("output_compression", Text(value), $"output_compression applies to output_format jpeg or webp only, not to {why}");
        }
    }

    private void Transparency(string? background, string? outputFormat)
    {
        if (background == "transparent" && outputFormat == "jpeg")
        {
            Add("background", background, "background 'transparent' needs output_format png or webp; jpeg has no transparency");
        }
    }

    private void Images(string field, IReadOnlyList<ImageInfo> images, InputImageRule? rule)
    {
        if (images.Count == 0)
        {
            Add(field, null, "at least one image is required");
            return;
        }

        int maxCount = rule?.MaxCount ?? 16;
        if (images.Count > maxCount)
        {
            Add(field, Text(images.Count), $"{images.Count} images were given; {_model.Id} accepts at most {maxCount}");
        }

        for (int i = 0; i < images.Count; i++)
        {
            ImageInfo image = images[i];
            string name = images.Count == 1 ? field : $"{field.TrimEnd('[', ']')}[{i}]";
            if (image.Length == 0)
            {
                Add(name, "0 bytes", $"{name} is empty");
                continue;
            }

            if (rule is null)
            {
                continue;
            }

            if (!rule.Formats.Contains(image.Format))
            {
                Add(name, image.FormatName, $"{name} is {image.FormatName}; {_model.Id} accepts {string.Join(", ", rule.Formats.Select(f => f.ToString().ToUpperInvariant()))}");
            }

            if (image.Length >= rule.MaxBytes)
            {
                Add(name, Bytes(image.Length), $"{name} is {Bytes(image.Length)}; {_model.Id} accepts files smaller than {Bytes(rule.MaxBytes)}");
            }

            if (rule.MustBeSquare && image.HasDimensions && image.Width != image.Height)
            {
                Add(name, $"{image.Width}x{image.Height}", $"{name} is {image.Width}x{image.Height}; {_model.Id} needs a square image");
            }
        }
    }

    private void Mask(ImageInfo? mask, ImageInfo? image)
    {
        if (mask is not { } m)
        {
            return;
        }

        if (m.Format != ImageFileFormat.Png)
        {
            Add("mask", m.FormatName, $"mask is {m.FormatName}; a mask must be a PNG");
            return;
        }

        if (m.HasAlpha == false)
        {
            Add("mask", "no alpha channel", "mask has no alpha channel; its fully transparent pixels mark where to edit");
        }

        if (_model.MaskMaxBytes is { } max && m.Length >= max)
        {
            Add("mask", Bytes(m.Length), $"mask is {Bytes(m.Length)}; {_model.Id} accepts masks smaller than {Bytes(max)}");
        }

        if (image is { HasDimensions: true } first && m.HasDimensions && (first.Width != m.Width || first.Height != m.Height))
        {
            Add("mask", $"{m.Width}x{m.Height}", $"mask is {m.Width}x{m.Height}; it must have the same dimensions as the first image, {first.Width}x{first.Height}");
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";
}
