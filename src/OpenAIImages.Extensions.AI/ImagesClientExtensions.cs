using System;
using System.Diagnostics.CodeAnalysis;
using OpenAIImages;

#pragma warning disable MEAI001 // IImageGenerator is experimental in Microsoft.Extensions.AI; what returns it is marked so too.

namespace Microsoft.Extensions.AI;

/// <summary>Exposes an <see cref="ImagesClient"/> as Microsoft.Extensions.AI's <see cref="IImageGenerator"/>.</summary>
public static class ImagesClientExtensions
{
    /// <summary>Gets an <see cref="IImageGenerator"/> that generates and edits images through <paramref name="imagesClient"/>.</summary>
    /// <remarks>
    /// A request with original images is an edit, and every one of them is sent: <see cref="DataContent"/> bytes as
    /// multipart parts, <see cref="UriContent"/> URLs and <see cref="HostedFileContent"/> file ids as JSON image references.
    /// <see cref="ImageGenerationOptions.ModelId"/>, <c>Count</c>, <c>ImageSize</c>, <c>MediaType</c> (the output format),
    /// <c>ResponseFormat</c> (<c>Uri</c> and <c>Hosted</c> ask for a URL, which only DALL·E models return: any other model
    /// refuses them before sending) and <c>StreamingCount</c> (partial images, streamed; the events are the response's
    /// <see cref="ImageGenerationResponse.RawRepresentation"/>; a negative count is refused) map to the request, and
    /// <c>AdditionalProperties</c> carry the model's other fields by their API names (<c>quality</c>, <c>background</c>,
    /// <c>moderation</c>, <c>output_compression</c>, <c>input_fidelity</c>, <c>style</c>, <c>mask</c>, <c>markup</c>,
    /// <c>svg</c> as an <see cref="ImageSvgOptions"/> or an object of <c>model</c> and <c>reasoning.effort</c>, ...).
    /// An option the Images API cannot express is an <see cref="ArgumentException"/>, never dropped: a variation, for one,
    /// takes <c>n</c>, <c>size</c>, <c>response_format</c> and <c>user</c> only, PNG only, and does not stream.
    /// <c>RawRepresentationFactory</c> may return the SDK's own <see cref="OpenAIImages.ImageGenerationOptions"/>,
    /// <see cref="ImageEditOptions"/> or <see cref="ImageVariationOptions"/>: what it sets wins. The generator does not
    /// own the client; disposing it leaves the client usable.
    /// </remarks>
    /// <param name="imagesClient">The client to send through.</param>
    /// <param name="defaultModelId">The model for requests that name none; when null, the client's <see cref="ImagesClientOptions.DefaultModel"/>.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="imagesClient"/> is null.</exception>
    [Experimental("MEAI001")]
    public static IImageGenerator AsIImageGenerator(this ImagesClient imagesClient, string? defaultModelId = null)
    {
        if (imagesClient is null)
        {
            throw new ArgumentNullException(nameof(imagesClient));
        }

        return new ImagesImageGenerator(() => imagesClient, defaultModelId);
    }
}
