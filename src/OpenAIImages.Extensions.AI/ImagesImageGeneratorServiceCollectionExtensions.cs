using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using OpenAIImages;

#pragma warning disable MEAI001 // IImageGenerator and its builder are experimental in Microsoft.Extensions.AI; what registers them is marked so too.

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an <see cref="IImageGenerator"/> over an <see cref="ImagesClient"/> registered with <c>AddImagesClient</c>.</summary>
/// <remarks>
/// The generator takes a fresh client from <see cref="IImagesClientFactory"/> for each request, so its
/// <see cref="System.Net.Http.HttpClient"/> handlers keep rotating though the generator is a singleton. The returned
/// <see cref="ImageGeneratorBuilder"/> adds middleware around it, such as <c>UseOpenTelemetry()</c> and <c>UseLogging()</c>.
/// </remarks>
public static class ImagesImageGeneratorServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IImageGenerator"/> over the unnamed <see cref="ImagesClient"/>.</summary>
    /// <param name="services">The services; <c>AddImagesClient</c> must register the client too.</param>
    /// <param name="defaultModelId">The model for requests that name none; when null, the client's <see cref="ImagesClientOptions.DefaultModel"/>.</param>
    /// <param name="lifetime">The generator's lifetime (default singleton).</param>
    /// <returns>The builder, to add middleware.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    [Experimental("MEAI001")]
    public static ImageGeneratorBuilder AddImagesImageGenerator(this IServiceCollection services, string? defaultModelId = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        return services.AddImageGenerator(sp => Create(sp, string.Empty, defaultModelId), lifetime);
    }

    /// <summary>Registers <see cref="IImageGenerator"/> as a keyed service named <paramref name="name"/>, over the <see cref="ImagesClient"/> registered as <c>AddImagesClient(name, …)</c>.</summary>
    /// <param name="services">The services; <c>AddImagesClient(name, …)</c> must register the client too.</param>
    /// <param name="name">The client's name, which is also the generator's service key.</param>
    /// <param name="defaultModelId">The model for requests that name none; when null, the client's <see cref="ImagesClientOptions.DefaultModel"/>.</param>
    /// <param name="lifetime">The generator's lifetime (default singleton).</param>
    /// <returns>The builder, to add middleware.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is null.</exception>
    [Experimental("MEAI001")]
    public static ImageGeneratorBuilder AddKeyedImagesImageGenerator(this IServiceCollection services, string name, string? defaultModelId = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        return services.AddKeyedImageGenerator(name, sp => Create(sp, name, defaultModelId), lifetime);
    }

    private static ImagesImageGenerator Create(IServiceProvider services, string name, string? defaultModelId)
    {
        IImagesClientFactory factory = services.GetRequiredService<IImagesClientFactory>();
        return new ImagesImageGenerator(() => factory.CreateClient(name), defaultModelId);
    }
}
