namespace OpenAIImages;

/// <summary>A request to create images from a prompt (<c>POST /images/generations</c>).</summary>
/// <remarks>The shared fields are on <see cref="ImageRequestOptions"/>; unset properties are not sent.</remarks>
public sealed record ImageGenerationOptions : ImageRequestOptions
{
    /// <summary>Creates a request for <paramref name="prompt"/>.</summary>
    /// <param name="prompt">What to draw.</param>
    public ImageGenerationOptions(string prompt)
        : base(prompt)
    {
    }

    /// <summary>Gets the style (<c>style</c>); dall-e-3 only.</summary>
    public ImageStyle? Style { get; init; }
}
