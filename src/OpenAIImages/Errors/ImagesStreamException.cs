using System;

namespace OpenAIImages;

/// <summary>A streamed response broke off, was malformed, or reported an error mid-stream.</summary>
public sealed class ImagesStreamException : ImagesApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="details">What the stream said.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImagesStreamException(string message, ImagesApiErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
