using System;

namespace OpenAIImages;

/// <summary>The client-side rate limiter would have made the call wait longer than <see cref="ImagesRateLimitOptions.MaxWait"/>; nothing was sent.</summary>
public sealed class ImagesClientRateLimitException : ImagesException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="model">The model whose limit was reached.</param>
    /// <param name="retryAfter">How long the limiter expected the wait to be, when it knew.</param>
    public ImagesClientRateLimitException(string message, string model, TimeSpan? retryAfter)
        : base(message)
    {
        Model = model;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the model whose limit was reached.</summary>
    public string Model { get; }

    /// <summary>Gets how long the limiter expected the wait to be, when it knew.</summary>
    public TimeSpan? RetryAfter { get; }
}
