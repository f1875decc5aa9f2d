using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenAIImages.Testing;

namespace OpenAIImages.Web;

/// <summary>Where the app's <see cref="ImagesClient"/> sends: OpenAI (or <c>OPENAI_BASE_URL</c>) with an API key, else the in-process emulator.</summary>
/// <param name="Offline">Whether the app runs on the built-in emulator.</param>
/// <param name="Server">What the page names as the server: a host name, never a URL with credentials.</param>
internal sealed record ImagesBackend(bool Offline, string Server)
{
    /// <summary>The configuration section the client is bound from (keys as the option names: <c>ApiKey</c>, <c>Retry:MaxRetries</c>, ...).</summary>
    public const string SectionName = "OpenAIImages";

    /// <summary>Set to <c>true</c> to run on the emulator even when an API key is configured.</summary>
    public const string UseEmulatorKey = "Sample:UseEmulator";

    // The SDK removes the key from its messages, so the placeholder must be text that never appears in one.
    private const string OfflineApiKey = "web-sample-offline-key";

    // Not OpenAI's address: against api.openai.com the SDK refuses retired models (DALL·E) before sending, and the
    // emulator still serves them. The host is never resolved; the emulator's handler answers in-process.
    private static readonly Uri OfflineBaseAddress = new("http://images-emulator.invalid/v1/");

    /// <summary>Registers the <see cref="ImagesClient"/> with <c>AddImagesClient</c> from configuration, on the emulator when there is no key.</summary>
    /// <remarks>With the emulator, an <see cref="ImagesEmulator"/> already registered (by a test) is used; otherwise a fresh one.</remarks>
    public static ImagesBackend Register(WebApplicationBuilder builder)
    {
        IConfigurationSection section = builder.Configuration.GetSection(SectionName);
        bool hasKey = !string.IsNullOrWhiteSpace(section["ApiKey"]) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
        bool offline = !hasKey || (bool.TryParse(builder.Configuration[UseEmulatorKey], out bool forced) && forced);

        ImagesBackend backend;
        if (offline)
        {
            var overrides = new Dictionary<string, string?> { [SectionName + ":BaseAddress"] = OfflineBaseAddress.ToString() };
            if (!hasKey)
            {
                overrides[SectionName + ":ApiKey"] = OfflineApiKey;
            }

            builder.Configuration.AddInMemoryCollection(overrides);
            backend = new ImagesBackend(true, "the built-in offline emulator");
        }
        else
        {
            string? configured = section["BaseAddress"] is { Length: > 0 } fromSection ? fromSection : Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
            Uri address = Uri.TryCreate(configured, UriKind.Absolute, out Uri? uri) ? uri : ImagesClientOptions.DefaultBaseAddress;
            backend = new ImagesBackend(false, address.Host);
        }

        IHttpClientBuilder http = builder.Services.AddImagesClient(builder.Configuration.GetSection(SectionName))
            // The SDK's own Timeout and AttemptTimeout govern; HttpClient's 100 s default would cut a high-quality image short.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        if (offline)
        {
            builder.Services.TryAddSingleton(_ => new ImagesEmulator());
            http.ConfigurePrimaryHttpMessageHandler(services => services.GetRequiredService<ImagesEmulator>().CreateHandler());
        }

        builder.Services.AddSingleton(backend);
        return backend;
    }
}
