namespace OpenAIImages.Batches;

/// <summary>One request of a batch failed: the service answered it with an error, or it never ran (the batch expired or was cancelled).</summary>
/// <remarks>
/// <see cref="ImagesApiException.Status"/> is the status the line was answered with, or 0 when it got no answer;
/// <see cref="ImagesApiException.ErrorCode"/> says why, for example <c>batch_expired</c> or <c>batch_cancelled</c>, or
/// <c>unreadable_batch_line</c> when the SDK could not read the line or its answer (then the line's image is lost, and
/// <see cref="System.Exception.InnerException"/> says why). Everything the service wrote is redacted of secrets.
/// </remarks>
public sealed class ImagesBatchLineException : ImagesApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="customId">The line's <c>custom_id</c>.</param>
    /// <param name="message">The readable message.</param>
    /// <param name="details">What the line's answer or error said.</param>
    public ImagesBatchLineException(string customId, string message, ImagesApiErrorDetails details)
        : base(message, details)
    {
        CustomId = customId;
    }

    /// <summary>Creates the exception with the failure that caused it.</summary>
    /// <param name="customId">The line's <c>custom_id</c>.</param>
    /// <param name="message">The readable message.</param>
    /// <param name="details">What the line's answer or error said.</param>
    /// <param name="innerException">Why the line could not be read.</param>
    public ImagesBatchLineException(string customId, string message, ImagesApiErrorDetails details, System.Exception? innerException)
        : base(message, details, innerException)
    {
        CustomId = customId;
    }

    /// <summary>Gets the line's <c>custom_id</c>.</summary>
    public string CustomId { get; }
}
