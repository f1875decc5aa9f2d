using System.Collections.Generic;
using System.Linq;
using OpenAIImages.Catalog;
using OpenAIImages.Requests;

namespace OpenAIImages.Batches;

/// <summary>
/// Every rule a batch's requests must keep before anything is sent: the batch's own (ids, size, one endpoint, JSON
/// edits) and each request's model's. Checks one line at a time as the requests are read, so that none has to be held.
/// </summary>
internal sealed class BatchRequestCheck(ImagesClientOptions options, ImageService service, ClientCatalog catalog)
{
    private readonly ValidationContext _context = new(service, options.TimeProvider);
    private readonly Dictionary<string, int> _seen = new(System.StringComparer.Ordinal);

    /// <summary>Gets every problem found so far, each with its line number.</summary>
    public List<ImageValidationError> Errors { get; } = [];

    /// <summary>Gets the lines checked.</summary>
    public int Count { get; private set; }

    /// <summary>Gets what the lines share, for pricing their answers.</summary>
    public Costs.BatchLineTally Lines { get; } = new();

    /// <summary>Gets the batch's endpoint: the first line's (null until a line that is not null).</summary>
    public string? Endpoint { get; private set; }

    /// <summary>Checks the next line; true when it and every line before it can be sent (it may be written).</summary>
    /// <param name="line">The request, or null (a problem of its own).</param>
    /// <param name="model">The model id the line sends (<see cref="ModelOf(ImagesBatchRequest)"/>).</param>
    public bool Add(ImagesBatchRequest? line, string? model)
    {
        int number = ++Count;
        string at = $"lines[{number}]";
        if (line is null)
        {
            Errors.Add(new ImageValidationError(at, null, $"line {number} is null"));
            return false;
        }

        Endpoint ??= line.Url;
        Lines.Add(line, model);
        string label = $"line {number} ('{line.CustomId}')";
        if (string.IsNullOrWhiteSpace(line.CustomId))
        {
            Errors.Add(new ImageValidationError(at + ".custom_id", line.CustomId, $"line {number}: custom_id is required; it is how the result comes back"));
        }
        else if (_seen.TryGetValue(line.CustomId, out int first))
        {
            Errors.Add(new ImageValidationError(at + ".custom_id", line.CustomId, $"{label}: custom_id is already used by line {first}; each request needs its own"));
        }
        else
        {
            _seen.Add(line.CustomId, number);
        }

        if (!string.Equals(line.Url, Endpoint, System.StringComparison.Ordinal))
        {
            Errors.Add(new ImageValidationError(at + ".url", line.Url, $"{label}: a batch goes to one endpoint, {Endpoint} as line 1 says, not {line.Url}; submit generations and edits as separate batches"));
        }

        IReadOnlyList<ImageValidationError> found = line.Edit is { } edit
            ? CheckEdit(edit, RulesModel(model, options), options, _context, label, catalog)
            : options.ValidateRequests ? RequestValidator.Check(line.Generation!, catalog.Get(RulesModel(model, options)), stream: false, _context) : [];
        Errors.AddRange(found.Select(e => new ImageValidationError(at + "." + e.Field, e.Value, e.Message.StartsWith(label, System.StringComparison.Ordinal) ? e.Message : label + ": " + e.Message)));
        return Errors.Count == 0 && Count <= ImagesBatchClient.MaxRequests;
    }

    /// <summary>Adds the problems of the batch's size, first, once every line is checked.</summary>
    public void Finish()
    {
        if (Count == 0)
        {
            Errors.Insert(0, new ImageValidationError("requests", null, "a batch needs at least one request"));
        }
        else if (Count > ImagesBatchClient.MaxRequests)
        {
            Errors.Insert(0, new ImageValidationError("requests", Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"a batch holds at most {ImagesBatchClient.MaxRequests} requests; split these {Count} into several batches"));
        }
    }

    /// <summary>The model id <paramref name="line"/> sends.</summary>
    public string? ModelOf(ImagesBatchRequest line) => ModelOf(line, options);

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
