using System;

namespace OpenAIImages.Batches;

/// <summary>One request of a batch, a line of its input file: a generation or a JSON edit, under the id its result comes back by.</summary>
public sealed class ImagesBatchRequest
{
    private ImagesBatchRequest(string customId, ImageGenerationOptions? generation, ImageEditOptions? edit)
    {
        CustomId = customId;
        Generation = generation;
        Edit = edit;
    }

    /// <summary>Gets the line's <c>custom_id</c>: unique in the batch, and the start of its images' file names.</summary>
    public string CustomId { get; }

    /// <summary>Gets the generation (<c>/v1/images/generations</c>), or null for an edit.</summary>
    public ImageGenerationOptions? Generation { get; }

    /// <summary>Gets the edit (<c>/v1/images/edits</c>), or null for a generation.</summary>
    public ImageEditOptions? Edit { get; }

    /// <summary>Gets the API path the line goes to.</summary>
    public string Url => Edit is null ? "/v1/images/generations" : "/v1/images/edits";

    /// <summary>A generation line.</summary>
    /// <param name="customId">The line's id, unique in the batch.</param>
    /// <param name="options">The request.</param>
    /// <returns>The line.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ImagesBatchRequest ForGeneration(string customId, ImageGenerationOptions options) =>
        new(customId ?? throw new ArgumentNullException(nameof(customId)), options ?? throw new ArgumentNullException(nameof(options)), null);

    /// <summary>An edit line; a batch sends JSON, so every image and the mask must be a URL or a file id (<see cref="ImageInput.FromUrl(string)"/>, <see cref="ImageInput.FromFileId(string)"/>).</summary>
    /// <param name="customId">The line's id, unique in the batch.</param>
    /// <param name="options">The request.</param>
    /// <returns>The line.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ImagesBatchRequest ForEdit(string customId, ImageEditOptions options) =>
        new(customId ?? throw new ArgumentNullException(nameof(customId)), null, options ?? throw new ArgumentNullException(nameof(options)));
}
