using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages;

/// <summary>A request to edit or extend images from a prompt (<c>POST /images/edits</c>).</summary>
/// <remarks>
/// Uploaded images (files, streams, bytes) are sent as multipart form data: one as the <c>image</c> part, several as
/// repeated <c>image[]</c> parts. Images already online (<see cref="ImageInput.FromUrl"/>, <see cref="ImageInput.FromFileId"/>)
/// are sent as JSON (<c>images</c>) instead; one request takes one kind. The shared fields are on
/// <see cref="ImageRequestOptions"/>; unset properties are not sent.
/// </remarks>
public sealed record ImageEditOptions : ImageRequestOptions
{
    /// <summary>Creates an edit of one image.</summary>
    /// <param name="image">The image to edit.</param>
    /// <param name="prompt">What the edited image should show.</param>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public ImageEditOptions(ImageInput image, string prompt)
        : base(prompt)
    {
        Images = [image ?? throw new ArgumentNullException(nameof(image))];
    }

    /// <summary>Creates an edit from several images (GPT image models take up to 16).</summary>
    /// <param name="images">The images, in order; a mask applies to the first.</param>
    /// <param name="prompt">What the edited image should show.</param>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is null.</exception>
    public ImageEditOptions(IEnumerable<ImageInput> images, string prompt)
        : base(prompt)
    {
        Images = (images ?? throw new ArgumentNullException(nameof(images))).ToArray();
    }

    /// <summary>Gets the images to edit (<c>image</c> or <c>image[]</c>, or <c>images</c> for references).</summary>
    public IReadOnlyList<ImageInput> Images { get; init; }

    /// <summary>Gets a PNG whose fully transparent pixels mark where to edit the first image (<c>mask</c>); same dimensions as that image.</summary>
    public ImageInput? Mask { get; init; }

    /// <summary>Gets a transparent PNG drawn over the first image to show the intended change (<c>markup</c>); same dimensions as that image, not together with <see cref="Mask"/>; gpt-image-2.5 and later.</summary>
    public ImageInput? Markup { get; init; }

    /// <summary>Gets how closely the output keeps the inputs' features (<c>input_fidelity</c>); GPT image models that support it.</summary>
    public ImageInputFidelity? InputFidelity { get; init; }
}
