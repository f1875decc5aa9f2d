using System.Collections.Generic;
using System.Linq;
using OpenAIImages.Catalog;
using OpenAIImages.Requests;

namespace OpenAIImages.Batches;

/// <summary>Every rule a batch's requests must keep before anything is sent: the batch's own (ids, size, one endpoint, JSON edits) and each request's model's.</summary>
internal static class BatchRequestCheck
{
    /// <summary>Every problem of the requests, each with its line number; empty when they can be sent.</summary>
    public static IReadOnlyList<ImageValidationError> Check(ImagesBatchRequest[] lines, string?[] models, ImagesClientOptions options, ImageService service, ClientCatalog catalog)
    {
        var errors = new List<ImageValidationError>();
        if (lines.Length == 0)
        {
            errors.Add(new ImageValidationError("requests", null, "a batch needs at least one request"));
        }
        else if (lines.Length > ImagesBatchClient.MaxRequests)
        {
            errors.Add(new ImageValidationError("requests", lines.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), $"a batch holds at most {ImagesBatchClient.MaxRequests} requests; split these {lines.Length} into several batches"));
        }

        var context = new ValidationContext(service, options.TimeProvider);
        var seen = new Dictionary<string, int>(System.StringComparer.Ordinal);
        string? endpoint = lines.FirstOrDefault(line => line is not null)?.Url;
        for (int i = 0; i < lines.Length; i++)
        {
            int number = i + 1;
            string at = $"lines[{number}]";
            ImagesBatchRequest line = lines[i];
            if (line is null)
            {
                errors.Add(new ImageValidationError(at, null, $"line {number} is null"));
                continue;
            }

            string label = $"line {number} ('{line.CustomId}')";
            if (string.IsNullOrWhiteSpace(line.CustomId))
            {
                errors.Add(new ImageValidationError(at + ".custom_id", line.CustomId, $"line {number}: custom_id is required; it is how the result comes back"));
            }
            else if (seen.TryGetValue(line.CustomId, out int first))
            {
                errors.Add(new ImageValidationError(at + ".custom_id", line.CustomId, $"{label}: custom_id is already used by line {first}; each request needs its own"));
            }
            else
            {
                seen.Add(line.CustomId, number);
            }

            if (!string.Equals(line.Url, endpoint, System.StringComparison.Ordinal))
            {
                errors.Add(new ImageValidationError(at + ".url", line.Url, $"{label}: a batch goes to one endpoint, {endpoint} as line 1 says, not {line.Url}; submit generations and edits as separate batches"));
            }

            IReadOnlyList<ImageValidationError> found = line.Edit is { } edit
                ? CheckEdit(edit, RulesModel(models[i], options), options, context, label, catalog)
                : options.ValidateRequests ? RequestValidator.Check(line.Generation!, catalog.Get(RulesModel(models[i], options)), stream: false, context) : [];
            errors.AddRange(found.Select(e => new ImageValidationError(at + "." + e.Field, e.Value, e.Message.StartsWith(label, System.StringComparison.Ordinal) ? e.Message : label + ": " + e.Message)));
        }

        return errors;
    }

    /// <summary>Checks the caller's metadata, which the SDK's submit key joins; gives the submit key the caller set, if any.</summary>
    public static string? CheckMetadata(IReadOnlyDictionary<string, string>? metadata, string keyName, int most, List<ImageValidationError> errors)
    {
        if (metadata is null)
        {
            return null;
        }

        metadata.TryGetValue(keyName, out string? given);
        if (given is not null && string.IsNullOrWhiteSpace(given))
        {
            errors.Add(new ImageValidationError("metadata", keyName, $"metadata['{keyName}'] must not be empty"));
        }

        if (metadata.Count + (given is null ? 1 : 0) > most)
        {
            errors.Add(new ImageValidationError("metadata", metadata.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"a batch holds at most {most} metadata pairs, one of which is the SDK's {keyName}; give at most {most - 1}"));
        }

        return string.IsNullOrWhiteSpace(given) ? null : given;
    }

    /// <summary>The model id a line sends: its own, or the client's default.</summary>
    // As for a direct call: the line's model, the client's default, else the SDK's (never the service's); on Azure, none added.
    public static string? ModelOf(ImagesBatchRequest line, ImagesClientOptions options) =>
        ImageCallBuilder.ModelOf((line.Edit as ImageRequestOptions ?? line.Generation)?.Model, options, ImageCallBuilder.DefaultImageModel);

    private static IReadOnlyList<ImageValidationError> CheckEdit(ImageEditOptions edit, string? model, ImagesClientOptions options, ValidationContext context, string label, ClientCatalog catalog)
    {
        if (edit.Images is null || !ImageRequestFactory.IsJsonEdit(edit))
        {
            return [new ImageValidationError("images", null, $"{label}: a batch sends edits as JSON, so every image and the mask must be a URL or a file id (ImageInput.FromUrl, ImageInput.FromFileId)")];
        }

        return options.ValidateRequests
            ? RequestValidator.Check(edit, catalog.Get(model), [], null, null, stream: false, context)
            : [];
    }

    // On Azure the rules are the deployment's model's, whatever name the line sends.
    private static string? RulesModel(string? sentModel, ImagesClientOptions options) => options.Azure is { } azure ? azure.Model?.Value : sentModel;
}
