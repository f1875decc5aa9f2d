using System;

namespace OpenAIImages;

/// <summary>A request to create variations of an image (<c>POST /images/variations</c>, sent as multipart form data); dall-e-2 only.</summary>
public sealed record ImageVariationOptions
{
    /// <summary>Creates a request for variations of <paramref name="image"/>.</summary>
    /// <param name="image">A square PNG under 4 MB.</param>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public ImageVariationOptions(ImageInput image) => Image = image ?? throw new ArgumentNullException(nameof(image));

    /// <summary>Gets the image to vary (<c>image</c>).</summary>
    public ImageInput Image { get; init; }

    /// <summary>Gets the model (<c>model</c>); when null, <see cref="ImagesClientOptions.DefaultModel"/>, and when that is null too, <c>dall-e-2</c>.</summary>
    public ImageModel? Model { get; init; }

    /// <summary>Gets how many images to create (<c>n</c>): 1–10.</summary>
    public int? N { get; init; }

    /// <summary>Gets the image size (<c>size</c>): 256x256, 512x512 or 1024x1024.</summary>
    public ImageSize? Size { get; init; }

    /// <summary>Gets how images are returned (<c>response_format</c>).</summary>
    public ImageResponseFormat? ResponseFormat { get; init; }

    /// <summary>Gets an id for the end user, to help OpenAI detect abuse (<c>user</c>).</summary>
    public string? User { get; init; }

    /// <summary>Gets where the call reports its phases (rate-limit wait, upload, waiting for the service, reading); null reports nothing.</summary>
    /// <remarks>Not sent. Reports come on the thread that reaches each phase.</remarks>
    public IProgress<ImageCallProgress>? Progress { get; init; }
}
