using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages;

/// <summary>A request to edit or extend images from a prompt (<c>POST /images/edits</c>, sent as multipart form data).</summary>
/// <remarks>
/// Uploaded images (files, streams, bytes) are sent as multipart form data: one as the <c>image</c> part, several as
/// repeated <c>image[]</c> parts. Images already online (<see cref="ImageInput.FromUrl"/>, <see cref="ImageInput.FromFileId"/>)
/// are sent as JSON (<c>images</c>) instead; one request takes one kind. Unset properties are not sent. Which properties and inputs a model takes is checked against the model catalog before anything is sent.
/// </remarks>
public sealed record ImageEditOptions
{
    /// <summary>Creates an edit of one image.</summary>
    /// <param name="image">The image to edit.</param>
    /// <param name="prompt">What the edited image should show.</param>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public ImageEditOptions(ImageInput image, string prompt)
    {
        Images = [image ?? throw new ArgumentNullException(nameof(image))];
        Prompt = prompt;
    }

    /// <summary>Creates an edit from several images (GPT image models take up to 16).</summary>
    /// <param name="images">The images, in order; a mask applies to the first.</param>
    /// <param name="prompt">What the edited image should show.</param>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is null.</exception>
    public ImageEditOptions(IEnumerable<ImageInput> images, string prompt)
    {
        Images = (images ?? throw new ArgumentNullException(nameof(images))).ToArray();
        Prompt = prompt;
    }

    /// <summary>Gets the images to edit (<c>image</c> or <c>image[]</c>).</summary>
    public IReadOnlyList<ImageInput> Images { get; init; }

    /// <summary>Gets what the edited image should show (<c>prompt</c>); required.</summary>
    public string Prompt { get; init; }

    /// <summary>Gets a PNG whose fully transparent pixels mark where to edit the first image (<c>mask</c>); same dimensions as that image.</summary>
    public ImageInput? Mask { get; init; }

    /// <summary>Gets a transparent PNG drawn over the first image to show the intended change (<c>markup</c>); same dimensions as that image, not together with <see cref="Mask"/>; gpt-image-2.5 and later.</summary>
    public ImageInput? Markup { get; init; }

    /// <summary>Gets the content moderation level (<c>moderation</c>); only for edits from image references (the JSON form).</summary>
    public ImageModeration? Moderation { get; init; }

    /// <summary>Gets the model (<c>model</c>); when null, <see cref="ImagesClientOptions.DefaultModel"/>, and when that is null too, the server's default.</summary>
    public ImageModel? Model { get; init; }

    /// <summary>Gets how many images to create (<c>n</c>): 1–10.</summary>
    public int? N { get; init; }

    /// <summary>Gets the image size (<c>size</c>).</summary>
    public ImageSize? Size { get; init; }

    /// <summary>Gets the quality (<c>quality</c>).</summary>
    public ImageQuality? Quality { get; init; }

    /// <summary>Gets how closely the output keeps the inputs' features (<c>input_fidelity</c>); GPT image models that support it.</summary>
    public ImageInputFidelity? InputFidelity { get; init; }

    /// <summary>Gets how images are returned (<c>response_format</c>); dall-e-2 only.</summary>
    public ImageResponseFormat? ResponseFormat { get; init; }

    /// <summary>Gets the file format (<c>output_format</c>); GPT image models only.</summary>
    public ImageOutputFormat? OutputFormat { get; init; }

    /// <summary>Gets the compression level 0–100 (<c>output_compression</c>); jpeg or webp only.</summary>
    public int? OutputCompression { get; init; }

    /// <summary>Gets the background (<c>background</c>); GPT image models only.</summary>
    public ImageBackground? Background { get; init; }

    /// <summary>Gets an id for the end user, to help OpenAI detect abuse (<c>user</c>); the API now prefers <see cref="SafetyIdentifier"/>.</summary>
    [Obsolete("The API deprecated user; set SafetyIdentifier instead. user is still sent when set.")]
    public string? User { get; init; }

    /// <summary>Gets a stable id for the end user, hashed if it identifies them, to help OpenAI detect abuse (<c>safety_identifier</c>); takes the place of <c>user</c>.</summary>
    public string? SafetyIdentifier { get; init; }

    /// <summary>Gets how much planning effort the model spends, independent of quality (<c>complexity</c>); gpt-image-2.5 and later.</summary>
    public ImageComplexity? Complexity { get; init; }

    /// <summary>Gets how many frames an animated GIF has (<c>frame_count</c>, 2–16, default 9); only with <see cref="ImageOutputFormat.Gif"/>.</summary>
    public int? FrameCount { get; init; }

    /// <summary>Gets how long each GIF frame shows, in milliseconds (<c>frame_duration_ms</c>, default 200); only with <see cref="ImageOutputFormat.Gif"/>.</summary>
    public int? FrameDurationMs { get; init; }

    /// <summary>Gets the SVG settings (<c>svg</c>); only with <see cref="ImageOutputFormat.Svg"/>.</summary>
    public ImageSvgOptions? Svg { get; init; }
    /// <summary>Gets how many partial images a stream sends before the final one (<c>partial_images</c>, 0–3); only with <see cref="ImagesClient.EditStreamingAsync"/>.</summary>
    public int? PartialImages { get; init; }
}
