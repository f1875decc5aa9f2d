namespace OpenAIImages;

/// <summary>The key may not use this model, organization or project (403).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesPermissionException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);
