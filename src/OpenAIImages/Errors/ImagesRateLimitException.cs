namespace OpenAIImages;

/// <summary>Too many requests or images, or the quota is used up (429); see <see cref="ImagesApiException.RetryAfter"/>.</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesRateLimitException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);
