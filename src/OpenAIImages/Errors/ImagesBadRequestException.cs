namespace OpenAIImages;

/// <summary>The request was rejected as invalid (400 or 422).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public class ImagesBadRequestException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);
