using System;

namespace OpenAIImages;

/// <summary>The server answered with an error; the base of the typed errors, and thrown itself for statuses without one.</summary>
/// <remarks>
/// Carries what the API's error body and headers say. The message never contains the API key, even where the server
/// echoed part of it.
/// </remarks>
public class ImagesApiException : Exception
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

/// <summary>What an error response said: status, the error body's fields and the headers that matter.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="ErrorType">The body's <c>error.type</c>.</param>
/// <param name="ErrorCode">The body's <c>error.code</c>.</param>
/// <param name="Param">The body's <c>error.param</c>.</param>
/// <param name="ServerMessage">The body's <c>error.message</c>, or a readable summary of a body that was not OpenAI's error JSON; the API key is removed.</param>
/// <param name="RequestId">The <c>x-request-id</c> header.</param>
/// <param name="RetryAfter">The delay the server asked for.</param>
public sealed record ImagesApiErrorDetails(
    int Status,
    string? ErrorType,
    string? ErrorCode,
    string? Param,
    string ServerMessage,
    string? RequestId,
    TimeSpan? RetryAfter);

/// <summary>The request was rejected as invalid (400 or 422).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public class ImagesBadRequestException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);

/// <summary>The prompt or an input image was refused by the content policy or moderation.</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesContentPolicyException(string message, ImagesApiErrorDetails details) : ImagesBadRequestException(message, details);

/// <summary>The API key is missing, wrong or revoked (401).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesAuthenticationException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);

/// <summary>The key may not use this model, organization or project (403).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesPermissionException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);

/// <summary>The path or the model does not exist, or the model was retired (404, or the code <c>model_not_found</c>).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesNotFoundException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);

/// <summary>Too many requests or images, or the quota is used up (429); see <see cref="ImagesApiException.RetryAfter"/>.</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesRateLimitException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);

/// <summary>The server failed (5xx).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesServerException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);

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
