using System;

namespace OpenAIImages;

/// <summary>
/// The root of everything the service, the network or the image host causes: error responses
/// (<see cref="ImagesApiException"/> and its subclasses), unreadable or broken responses, timeouts, the client-side
/// rate limit and budgets (<see cref="ImagesBudgetExceededException"/>), failed connections, image downloads and local file writes. One <c>catch (ImagesException)</c> covers
/// every way a well-formed call can fail.
/// </summary>
/// <remarks>
/// A request that breaks the model's rules is the caller's mistake and throws <see cref="ImageValidationException"/>
/// (an <see cref="ArgumentException"/>) before anything is sent; a cancelled call throws
/// <see cref="OperationCanceledException"/>. Messages never contain the API key, a bearer token or a URL password.
/// </remarks>
public class ImagesException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    public ImagesException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="innerException">The cause, kept as it was thrown.</param>
    public ImagesException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
