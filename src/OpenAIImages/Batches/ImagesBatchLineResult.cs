namespace OpenAIImages.Batches;

/// <summary>What came of one request of a batch: its images, written to files, or why it failed.</summary>
public sealed class ImagesBatchLineResult
{
    /// <summary>Creates the outcome of one line.</summary>
    /// <param name="customId">The line's <c>custom_id</c>.</param>
    /// <param name="result">The images, when the line succeeded.</param>
    /// <param name="error">Why the line failed, when it did.</param>
    public ImagesBatchLineResult(string customId, ImageResult? result, ImagesBatchLineException? error)
    {
        CustomId = customId;
        Result = result;
        Error = error;
    }

    /// <summary>Gets the line's <c>custom_id</c>, as it was submitted.</summary>
    public string CustomId { get; }

    /// <summary>Gets the images (each with its <see cref="GeneratedImage.FilePath"/>), or null when the line failed.</summary>
    public ImageResult? Result { get; }

    /// <summary>Gets why the line failed, or null when it succeeded.</summary>
    public ImagesBatchLineException? Error { get; }

    /// <summary>Gets what the line cost at the Batch API's prices (half the standard ones), when it succeeded and could be priced (<see cref="ImageResult.Cost"/>); null otherwise.</summary>
    /// <remarks>
    /// A batch's output names no model, so the batch client that submitted the batch remembers its model, in memory:
    /// null for the lines of a batch submitted by another client or process, or whose lines name different models.
    /// </remarks>
    public ImageCost? Cost => Result?.Cost;

    /// <summary>Gets whether the line succeeded.</summary>
    public bool Succeeded => Result is not null;
}
