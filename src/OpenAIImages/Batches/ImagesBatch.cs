using System;
using System.Collections.Generic;

namespace OpenAIImages.Batches;

/// <summary>A batch as the service last described it (the Batch API's batch object).</summary>
public sealed class ImagesBatch
{
    /// <summary>Creates the description; the SDK builds these from the service's answers, tests may build their own.</summary>
    /// <param name="id">The batch id, <c>batch_…</c>.</param>
    /// <param name="statusText">The status as the service wrote it.</param>
    /// <param name="endpoint">The endpoint every line goes to.</param>
    /// <param name="inputFileId">The uploaded input file.</param>
    /// <param name="outputFileId">The file of successful and failed answers, once there is one.</param>
    /// <param name="errorFileId">The file of lines that got no answer (expired, cancelled), once there is one.</param>
    /// <param name="requestCounts">How many requests have run.</param>
    /// <param name="createdAt">When the batch was created.</param>
    /// <param name="errors">Why the input was refused, for a failed batch.</param>
    public ImagesBatch(
        string id,
        string statusText,
        string? endpoint,
        string? inputFileId,
        string? outputFileId,
        string? errorFileId,
        ImagesBatchRequestCounts requestCounts,
        DateTimeOffset? createdAt,
        IReadOnlyList<ImagesBatchError>? errors)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        StatusText = statusText ?? throw new ArgumentNullException(nameof(statusText));
        Status = Parse(statusText);
        Endpoint = endpoint;
        InputFileId = inputFileId;
        OutputFileId = outputFileId;
        ErrorFileId = errorFileId;
        RequestCounts = requestCounts ?? new ImagesBatchRequestCounts(0, 0, 0);
        CreatedAt = createdAt;
        Errors = errors ?? [];
    }

    /// <summary>Gets the batch id, to resume with after a restart.</summary>
    public string Id { get; }

    /// <summary>Gets the status.</summary>
    public ImagesBatchStatus Status { get; }

    /// <summary>Gets the status as the service wrote it, such as <c>in_progress</c>.</summary>
    public string StatusText { get; }

    /// <summary>Gets the endpoint every line goes to, such as <c>/v1/images/generations</c>.</summary>
    public string? Endpoint { get; }

    /// <summary>Gets the id of the uploaded input file.</summary>
    public string? InputFileId { get; }

    /// <summary>Gets the id of the output file (one line per request that got an answer), once there is one.</summary>
    public string? OutputFileId { get; }

    /// <summary>Gets the id of the error file (one line per request that got no answer), once there is one.</summary>
    public string? ErrorFileId { get; }

    /// <summary>Gets how many requests there are and how many have run.</summary>
    public ImagesBatchRequestCounts RequestCounts { get; }

    /// <summary>Gets when the batch was created.</summary>
    public DateTimeOffset? CreatedAt { get; }

    /// <summary>Gets why the service refused the input file; empty unless <see cref="Status"/> is <see cref="ImagesBatchStatus.Failed"/>.</summary>
    public IReadOnlyList<ImagesBatchError> Errors { get; }

    /// <summary>Gets whether the batch will change no more: completed, failed, expired or cancelled.</summary>
    public bool IsDone => Status is ImagesBatchStatus.Completed or ImagesBatchStatus.Failed or ImagesBatchStatus.Expired or ImagesBatchStatus.Cancelled;

    /// <summary>Returns the id, status and counts; anything shaped like a key in what the service wrote is masked.</summary>
    /// <returns>For example <c>batch_abc in_progress (3/10 done, 1 failed)</c>.</returns>
    public override string ToString() =>
        Internal.Redaction.Text($"{Id} {StatusText} ({RequestCounts.Completed + RequestCounts.Failed}/{RequestCounts.Total} done, {RequestCounts.Failed} failed)", null);

    private static ImagesBatchStatus Parse(string status) => status switch
    {
        "validating" => ImagesBatchStatus.Validating,
        "failed" => ImagesBatchStatus.Failed,
        "in_progress" => ImagesBatchStatus.InProgress,
        "finalizing" => ImagesBatchStatus.Finalizing,
        "completed" => ImagesBatchStatus.Completed,
        "expired" => ImagesBatchStatus.Expired,
        "cancelling" => ImagesBatchStatus.Cancelling,
        "cancelled" => ImagesBatchStatus.Cancelled,
        _ => ImagesBatchStatus.Unknown,
    };
}
