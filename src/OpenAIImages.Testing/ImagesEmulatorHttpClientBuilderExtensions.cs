using System;
using OpenAIImages.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Points a client registered with <c>AddImagesClient</c> at the in-process emulator, for tests of your own code.</summary>
public static class ImagesEmulatorHttpClientBuilderExtensions
{
    /// <summary>Sends the client's requests to <paramref name="emulator"/> in this process instead of over the network; nothing leaves the machine.</summary>
    /// <remarks>
    /// Chain it on what <c>AddImagesClient</c> returns. The client's own pipeline (validation, retries, rate limits,
    /// timeouts) runs as in production; give the client a <c>FakeTimeProvider</c> as its <c>TimeProvider</c> and
    /// <see cref="ImagesEmulatorOptions.TimeProvider"/>, and retries and latency take no real time. Inspect
    /// <see cref="ImagesEmulator.Requests"/> for what your code sent.
    /// </remarks>
    /// <param name="builder">The builder <c>AddImagesClient</c> returned.</param>
    /// <param name="emulator">The emulator that answers.</param>
    /// <returns>The same builder, to chain.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder UseImagesEmulator(this IHttpClientBuilder builder, ImagesEmulator emulator)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (emulator is null)
        {
            throw new ArgumentNullException(nameof(emulator));
        }

        return builder.ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
    }
}
