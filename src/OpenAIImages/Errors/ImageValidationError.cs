namespace OpenAIImages;

/// <summary>One rule a request breaks, found before the request is sent.</summary>
/// <param name="Field">The API field, as sent on the wire (for example <c>size</c> or <c>image[1]</c>).</param>
/// <param name="Value">The value given, as text, or null when the field was missing.</param>
/// <param name="Message">What is wrong and what is allowed, for example <c>size '512x512' is not supported by dall-e-3; supported: 1024x1024, 1792x1024, 1024x1792</c>.</param>
public sealed record ImageValidationError(string Field, string? Value, string Message)
{
    /// <summary>Returns <see cref="Message"/>.</summary>
    public override string ToString() => Message;
}
