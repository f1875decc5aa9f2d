namespace OpenAIImages.Batches;

/// <summary>Where a batch is in its life (the batch object's <c>status</c>).</summary>
public enum ImagesBatchStatus
{
    /// <summary>A status this version of the SDK does not know; see <see cref="ImagesBatch.StatusText"/>.</summary>
    Unknown,

    /// <summary>The input file is being checked (<c>validating</c>).</summary>
    Validating,

    /// <summary>The input failed validation; no request ran (<c>failed</c>). See <see cref="ImagesBatch.Errors"/>.</summary>
    Failed,

    /// <summary>The requests are running (<c>in_progress</c>).</summary>
    InProgress,

    /// <summary>The requests have run and the output files are being written (<c>finalizing</c>).</summary>
    Finalizing,

    /// <summary>Done: every request ran and the results are ready (<c>completed</c>).</summary>
    Completed,

    /// <summary>The completion window ran out; requests that did not run come back as failed lines (<c>expired</c>).</summary>
    Expired,

    /// <summary>A cancel was asked for and is under way (<c>cancelling</c>).</summary>
    Cancelling,

    /// <summary>Cancelled; requests that ran before the cancel have results (<c>cancelled</c>).</summary>
    Cancelled,
}
