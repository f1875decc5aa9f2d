namespace OpenAIImages;

/// <summary>The path or the model does not exist, or the model was retired (404, or the code <c>model_not_found</c>).</summary>
/// <param name="message">The readable message.</param>
/// <param name="details">What the response said.</param>
public sealed class ImagesNotFoundException(string message, ImagesApiErrorDetails details) : ImagesApiException(message, details);
