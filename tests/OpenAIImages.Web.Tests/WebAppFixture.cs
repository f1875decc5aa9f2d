using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages.Testing;

namespace OpenAIImages.Web.Tests;

/// <summary>The web sample started in-process on a free port of 127.0.0.1, as a user starts it without an API key: on the emulator.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>Gets the app's address, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the emulator the app's <see cref="ImagesClient"/> sends to, to count and script requests.</summary>
    public ImagesEmulator Emulator => App.Services.GetRequiredService<ImagesEmulator>();

    private WebApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>Starts the app on a free loopback port with <paramref name="settings"/> over its appsettings.json.</summary>
    /// <remarks>
    /// OPENAI_API_KEY and OPENAI_BASE_URL are blanked first, so a key in the test runner's environment never sends
    /// a request anywhere: without a key in <paramref name="settings"/> the app runs on its emulator.
    /// </remarks>
    /// <param name="settings">Configuration over appsettings.json, such as <c>OpenAIImages:ApiKey</c>.</param>
    /// <param name="configure">Changes to the services before the app registers its own, such as an emulator of the test's.</param>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = string.Empty,
            ["OPENAI_BASE_URL"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (KeyValuePair<string, string?> setting in settings ?? new Dictionary<string, string?>())
        {
            all[setting.Key] = setting.Value;
        }

        WebApplication app = WebSampleApp.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            configure?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return (app, new Uri(app.Urls.Single().TrimEnd('/') + "/"));
    }

    /// <summary>Creates an <see cref="HttpClient"/> for the app, sending the header the page sends.</summary>
    public static HttpClient PageClient(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add(WebSampleApp.PageHeader, "1");
        return client;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Every test of the collection sends from 127.0.0.1 to this one app, so its per-client limit is raised out of the
    /// way; the limits are tested on apps of their own (<see cref="LoadTests"/>).
    /// </remarks>
    public async Task InitializeAsync() =>
        (_app, BaseAddress) = await StartAsync(new Dictionary<string, string?> { ["Sample:Limits:RequestsPerMinutePerClient"] = "10000" });

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
