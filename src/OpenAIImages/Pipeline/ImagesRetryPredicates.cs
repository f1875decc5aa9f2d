using System;

namespace OpenAIImages;

/// <summary>The rule that decides which failed attempts the client sends again, for your own resilience pipelines too.</summary>
public static class ImagesRetryPredicates
{
    /// <summary>Gets whether a failed attempt is worth sending again: a status the service may answer differently a moment later, a connection that failed, or an attempt that ran out of time.</summary>
    /// <remarks>
    /// Transient statuses are 408, 409, 429, 500, 502, 503 and 504, unless the server said otherwise in its
    /// <c>x-should-retry</c> header. A refused request (400, 401, 403, 404), a content-policy
    /// refusal, an unreadable success answer and the call's overall timeout are never transient. The client also gives up
    /// when the server asks for a wait longer than <see cref="ImagesRetryOptions.MaxServerDelay"/>.
    /// </remarks>
    /// <param name="exception">The attempt's failure, as the client reports it.</param>
    /// <returns>Whether sending the same request again may succeed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static bool IsTransient(Exception exception) => exception switch
    {
        null => throw new ArgumentNullException(nameof(exception)),
        ImagesInvalidResponseException or ImagesStreamException => false,
        ImagesApiException api => api.ServerShouldRetry ?? IsTransientStatus(api.Status),
        ImagesConnectionException => true,
        ImagesTimeoutException timeout => timeout.IsAttemptTimeout,
        _ => false,
    };

    /// <summary>Gets whether an HTTP status is one the service may answer differently a moment later (408, 409, 429, 500, 502, 503, 504).</summary>
    /// <param name="status">The status code.</param>
    /// <returns>Whether the status is transient.</returns>
    public static bool IsTransientStatus(int status) => status is 408 or 409 or 429 or 500 or 502 or 503 or 504;
}
