using System;

namespace OpenAIImages;

/// <summary>A request took longer than allowed: one attempt (<see cref="ImagesClientOptions.AttemptTimeout"/>) after its retries, or the whole call (<see cref="ImagesClientOptions.Timeout"/>).</summary>
/// <remarks>Distinct from caller cancellation, which surfaces as <see cref="OperationCanceledException"/>.</remarks>
public sealed class ImagesTimeoutException : ImagesException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="timeout">The limit that was reached.</param>
    /// <param name="isAttemptTimeout">Whether the limit was the per-attempt one.</param>
    /// <param name="innerException">The cause.</param>
    public ImagesTimeoutException(string message, TimeSpan timeout, bool isAttemptTimeout, Exception? innerException)
        : base(message, innerException)
    {
        Timeout = timeout;
        IsAttemptTimeout = isAttemptTimeout;
    }

    /// <summary>Gets the limit that was reached.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets whether the per-attempt limit was reached (on the last attempt); otherwise the overall limit was.</summary>
    public bool IsAttemptTimeout { get; }
}
