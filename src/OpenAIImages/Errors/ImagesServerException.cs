namespace OpenAIImages;

/// <summary>The server failed (5xx).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesServerException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);
