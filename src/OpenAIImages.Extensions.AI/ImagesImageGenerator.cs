using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages;

#pragma warning disable MEAI001 // IImageGenerator is experimental in Microsoft.Extensions.AI; this type implements it.

namespace Microsoft.Extensions.AI;

/// <summary>
/// An <see cref="IImageGenerator"/> over an <see cref="ImagesClient"/>: a request with original images is an edit
/// (every image sent), one without is a generation, and <see cref="ImageGenerationOptions.StreamingCount"/> streams.
/// </summary>
/// <remarks>
/// The client comes from <c>clients</c> for each request, so that one from <c>IHttpClientFactory</c> keeps getting fresh
/// handlers while the generator lives as long as the app. The generator owns no client: disposing it does nothing.
/// </remarks>
internal sealed class ImagesImageGenerator : IImageGenerator
{
    private readonly Func<ImagesClient> _clients;
    private readonly string? _defaultModelId;
    private readonly ImageGeneratorMetadata _metadata;

    public ImagesImageGenerator(Func<ImagesClient> clients, string? defaultModelId)
    {
        _clients = clients;
        ImagesClientOptions? options = clients().Options;
        _defaultModelId = defaultModelId;
        _metadata = options?.Azure is { } azure
            ? new ImageGeneratorMetadata("azure.ai.openai", azure.Endpoint, defaultModelId ?? options.DefaultModel?.Value)
            : new ImageGeneratorMetadata("openai", options?.BaseAddress, defaultModelId ?? options?.DefaultModel?.Value);
    }

    /// <inheritdoc />
    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        ImagesClient client = _clients();
        object mapped = ImageRequestMapper.Map(request, options, options?.RawRepresentationFactory?.Invoke(this), _defaultModelId, client.Options?.DefaultModel);
        bool stream = options?.StreamingCount is > 0;
        return mapped switch
        {
            OpenAIImages.ImageGenerationOptions generation when stream => await ReadStreamAsync(client.GenerateStreamingAsync(generation, cancellationToken)).ConfigureAwait(false),
            OpenAIImages.ImageGenerationOptions generation => ImageResponseMapper.FromResult(await client.GenerateAsync(generation, cancellationToken).ConfigureAwait(false)),
            ImageEditOptions edit when stream => await ReadStreamAsync(client.EditStreamingAsync(edit, cancellationToken)).ConfigureAwait(false),
            ImageEditOptions edit => ImageResponseMapper.FromResult(await client.EditAsync(edit, cancellationToken).ConfigureAwait(false)),
            _ => ImageResponseMapper.FromResult(await client.CreateVariationAsync((ImageVariationOptions)mapped, cancellationToken).ConfigureAwait(false)),
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        return serviceKey is not null ? null
            : serviceType == typeof(ImageGeneratorMetadata) ? _metadata
            : serviceType == typeof(ImagesClient) ? _clients()
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The clients are the caller's (or the container's); there is nothing of ours to release.
    }

    // IImageGenerator has no streaming surface (Microsoft.Extensions.AI 11.0.0): the stream is read to its end, and
    // its events, partial images included, are the response's raw representation.
    private static async Task<ImageGenerationResponse> ReadStreamAsync(IAsyncEnumerable<ImageStreamEvent> events)
    {
        var all = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent item in events.ConfigureAwait(false))
        {
            all.Add(item);
        }

        return ImageResponseMapper.FromStream(all);
    }
}
