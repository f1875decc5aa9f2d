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
/// <param name="Notice">The sentence the page shows about it.</param>
internal sealed record ImagesBackend(bool Offline, string Server, string Notice)
{
    /// <summary>The configuration section the client is bound from (keys as the option names: <c>ApiKey</c>, <c>Retry:MaxRetries</c>, ...).</summary>
    public const string SectionName = "OpenAIImages";

    /// <summary>Set to <c>true</c> to run on the emulator even when an API key is configured.</summary>
    public const string UseEmulatorKey = "Sample:UseEmulator";

    /// <summary>The emulator's latency profile: <c>none</c> (the default), <c>realistic</c> (the service's timings, partial images spread through them) or milliseconds.</summary>
    public const string EmulatorLatencyKey = "Sample:EmulatorLatency";

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

        // The host's configuration holds the environment variables, so OPENAI_API_KEY is read here as the SDK reads it,
        // and a later configuration source (a test's) can blank it.
        bool hasKey = !string.IsNullOrWhiteSpace(section["ApiKey"]) || !string.IsNullOrWhiteSpace(builder.Configuration["OPENAI_API_KEY"]);
        bool forced = bool.TryParse(builder.Configuration[UseEmulatorKey], out bool useEmulator) && useEmulator;
        bool offline = !hasKey || forced;

        ImagesBackend backend;
        if (offline)
        {
            var overrides = new Dictionary<string, string?> { [SectionName + ":BaseAddress"] = OfflineBaseAddress.ToString() };
            if (!hasKey)
            {
                overrides[SectionName + ":ApiKey"] = OfflineApiKey;
            }

            builder.Configuration.AddInMemoryCollection(overrides);
            string why = hasKey ? UseEmulatorKey + " is true" : "no OPENAI_API_KEY is set";
            backend = new ImagesBackend(true, "the built-in offline emulator", $"Offline: {why}, so images come from the built-in emulator (no network, no cost).");
        }
        else
        {
            string? configured = section["BaseAddress"] is { Length: > 0 } fromSection ? fromSection : builder.Configuration["OPENAI_BASE_URL"];
            Uri address = Uri.TryCreate(configured, UriKind.Absolute, out Uri? uri) ? uri : ImagesClientOptions.DefaultBaseAddress;
            backend = new ImagesBackend(false, address.Host, $"Live: requests go to {address.Host}; the API key stays on this server.");
        }

        IHttpClientBuilder http = builder.Services.AddImagesClient(builder.Configuration.GetSection(SectionName));
        if (offline)
        {
            EmulatedLatency latency = builder.Configuration[EmulatorLatencyKey] is { Length: > 0 } profile ? EmulatedLatency.Parse(profile) : EmulatedLatency.None;
            builder.Services.TryAddSingleton(_ => new ImagesEmulator(new ImagesEmulatorOptions { Latency = latency }));
            http.ConfigurePrimaryHttpMessageHandler(services => services.GetRequiredService<ImagesEmulator>().CreateHandler());
        }

        builder.Services.AddSingleton(backend);
        return backend;
    }
}
