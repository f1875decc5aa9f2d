using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAIImages.Batches;

/// <summary>The Batch API's batch object, as read from the wire.</summary>
internal sealed class BatchBody
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("endpoint")]
    public string? Endpoint { get; set; }

    [JsonPropertyName("input_file_id")]
    public string? InputFileId { get; set; }

    [JsonPropertyName("output_file_id")]
    public string? OutputFileId { get; set; }

    [JsonPropertyName("error_file_id")]
    public string? ErrorFileId { get; set; }

    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; set; }

    [JsonPropertyName("request_counts")]
    public BatchCountsBody? RequestCounts { get; set; }

    [JsonPropertyName("errors")]
    public BatchErrorsBody? Errors { get; set; }

    // Values other than strings are kept as they came, so a batch whose metadata someone else wrote is still readable.
    [JsonPropertyName("metadata")]
    public Dictionary<string, JsonElement>? Metadata { get; set; }

    /// <summary>Gets whether the batch's metadata has <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public bool HasMetadata(string key, string value) =>
        Metadata is { } metadata && metadata.TryGetValue(key, out JsonElement found) && found.ValueKind == JsonValueKind.String && found.ValueEquals(value);

    /// <summary>The batch as the SDK shows it; what the service wrote about its errors goes through <paramref name="redact"/>.</summary>
    public ImagesBatch ToBatch(Func<string, string> redact) => new(
        Id ?? string.Empty,
        Status ?? string.Empty,
        Endpoint,
        InputFileId,
        OutputFileId,
        ErrorFileId,
        new ImagesBatchRequestCounts(RequestCounts?.Total ?? 0, RequestCounts?.Completed ?? 0, RequestCounts?.Failed ?? 0),
        CreatedAt is >= MinUnixSeconds and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(CreatedAt.Value) : null,
        Errors?.Data?.Where(e => e is not null).Select(e => new ImagesBatchError(
            Redacted(e.Code, redact),
            Redacted(e.Message, redact) ?? string.Empty,
            Redacted(e.Param, redact),
            e.Line)).ToArray());

    // The range DateTimeOffset holds; a time outside it is not a time the service meant.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    private static string? Redacted(string? text, Func<string, string> redact) => text is null ? null : redact(text);
}

/// <summary>The batch object's <c>request_counts</c>.</summary>
internal sealed class BatchCountsBody
{
    [JsonPropertyName("total")]
    public int Total { get; set; }

    [JsonPropertyName("completed")]
    public int Completed { get; set; }

    [JsonPropertyName("failed")]
    public int Failed { get; set; }
}

/// <summary>The batch object's <c>errors</c>.</summary>
internal sealed class BatchErrorsBody
{
    [JsonPropertyName("data")]
    public List<BatchErrorBody>? Data { get; set; }
}

/// <summary>One of the batch object's <c>errors.data</c>.</summary>
internal sealed class BatchErrorBody
{
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("param")]
    public string? Param { get; set; }

    [JsonPropertyName("line")]
    public int? Line { get; set; }
}

/// <summary>A page of <c>GET /batches</c>.</summary>
internal sealed class BatchListBody
{
    [JsonPropertyName("data")]
    public List<BatchBody>? Data { get; set; }

    [JsonPropertyName("has_more")]
    public bool HasMore { get; set; }

    [JsonPropertyName("last_id")]
    public string? LastId { get; set; }
}

/// <summary>The file object <c>POST /files</c> answers.</summary>
internal sealed class FileBody
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }
}

/// <summary>The body of <c>POST /batches</c>.</summary>
internal sealed class CreateBatchBody
{
    [JsonPropertyName("input_file_id")]
    public string? InputFileId { get; set; }

    [JsonPropertyName("endpoint")]
    public string? Endpoint { get; set; }

    [JsonPropertyName("completion_window")]
    public string? CompletionWindow { get; set; }

    [JsonPropertyName("metadata")]
    public Dictionary<string, string>? Metadata { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchBody))]
[JsonSerializable(typeof(BatchListBody))]
[JsonSerializable(typeof(FileBody))]
[JsonSerializable(typeof(CreateBatchBody))]
internal sealed partial class BatchJsonContext : JsonSerializerContext;
