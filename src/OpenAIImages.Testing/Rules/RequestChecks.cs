using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using OpenAIImages.Testing.Engine;
using static OpenAIImages.Testing.Rules.FieldChecks;
using static OpenAIImages.Testing.Rules.SizeChecks;
using static OpenAIImages.Testing.Rules.InputImageChecks;
using static OpenAIImages.Testing.Rules.Wording;

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
            Mask = endpoint != Endpoint.Edits ? null : jsonEdit ? JsonMaskUrl(body) : body.Files.LastOrDefault(f => f.Name == "mask")?.Data,
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

    // A JSON edit's mask by image_url (a data URL is drawn from; an https URL or file id is not fetched).
    private static byte[]? JsonMaskUrl(RequestBody body) =>
        body.JsonRoot.TryGetProperty("mask", out JsonElement mask) && mask.ValueKind == JsonValueKind.Object
        && mask.TryGetProperty("image_url", out JsonElement url) && url.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(url.GetString()!)
            : null;
}
