namespace OpenAIImages;

/// <summary>The API key is missing, wrong or revoked (401).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesAuthenticationException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);
