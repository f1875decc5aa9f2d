using System;

namespace OpenAIImages;

/// <summary>The server answered with an error; the base of the typed errors, and thrown itself for statuses without one.</summary>
/// <remarks>
/// Carries what the API's error body and headers say. The message never contains the API key, even where the server
/// echoed part of it.
/// </remarks>
public class ImagesApiException : ImagesException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="details">What the response said.</param>
    public ImagesApiException(string message, ImagesApiErrorDetails details)
        : this(message, details, null)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="details">What the response said.</param>
    /// <param name="innerException">The cause.</param>
    public ImagesApiException(string message, ImagesApiErrorDetails details, Exception? innerException)
        : base(message, innerException)
    {
        Details = details ?? throw new ArgumentNullException(nameof(details));
    }

    /// <summary>Gets what the response said.</summary>
    public ImagesApiErrorDetails Details { get; }

    /// <summary>Gets the HTTP status code.</summary>
    public int Status => Details.Status;

    /// <summary>Gets the error's <c>type</c>, such as <c>invalid_request_error</c>, when the body had one.</summary>
    public string? ErrorType => Details.ErrorType;

    /// <summary>Gets the error's <c>code</c>, such as <c>model_not_found</c>, when the body had one.</summary>
    public string? ErrorCode => Details.ErrorCode;

    /// <summary>Gets the field the error is about (<c>param</c>), when the body named one.</summary>
    public string? Param => Details.Param;

    /// <summary>Gets the <c>x-request-id</c> header, to quote to OpenAI support.</summary>
    public string? RequestId => Details.RequestId;

    /// <summary>Gets how long the server asked to wait before trying again (<c>retry-after-ms</c> or <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter => Details.RetryAfter;

    /// <summary>Gets what the server's <c>x-should-retry</c> header said, which overrides the status-based retry rule.</summary>
    internal bool? ServerShouldRetry { get; set; }
}
