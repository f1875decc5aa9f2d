namespace OpenAIImages.Batches;

/// <summary>How many of a batch's requests there are and how many have run (the batch object's <c>request_counts</c>).</summary>
/// <param name="Total">The requests in the batch.</param>
/// <param name="Completed">The requests that ran and succeeded.</param>
/// <param name="Failed">The requests that ran and failed.</param>
public sealed record ImagesBatchRequestCounts(int Total, int Completed, int Failed);
