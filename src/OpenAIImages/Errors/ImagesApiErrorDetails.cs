using System;

namespace OpenAIImages;

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
