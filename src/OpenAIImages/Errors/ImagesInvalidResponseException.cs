using System;

namespace OpenAIImages;

/// <summary>The server answered with a success status but a body that is not an Images API answer: malformed JSON, no images, or an image field of the wrong kind.</summary>
/// <remarks><see cref="ImagesApiException.Status"/> is the success status; the message says what was wrong and where.</remarks>
public sealed class ImagesInvalidResponseException : ImagesApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="details">What the response said.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImagesInvalidResponseException(string message, ImagesApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
