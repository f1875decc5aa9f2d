namespace OpenAIImages;

/// <summary>The prompt or an input image was refused by the content policy or moderation.</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesContentPolicyException(string message, ImagesApiErrorDetails details) : ImagesBadRequestException(message, details);
