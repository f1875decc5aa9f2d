using System;

namespace OpenAIImages;

/// <summary>The server could not be reached, or the connection broke before its answer was complete.</summary>
/// <remarks>
/// The cause (an <see cref="System.Net.Http.HttpRequestException"/> or <see cref="System.IO.IOException"/>) is the
/// inner exception. A failure before any answer arrived is retried; one after a success status is not, since the
/// image was already made and paid for.
/// </remarks>
public sealed class ImagesConnectionException : ImagesException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="innerException">The cause.</param>
    public ImagesConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
