using System;
using System.Net.Http;
using Microsoft.Extensions.AI;
using OpenAIImages.Testing;

namespace OpenAIImages.Extensions.AI.Tests.Support;

/// <summary>An emulator, an <see cref="ImagesClient"/> over its in-process handler, and the client as an <see cref="IImageGenerator"/>.</summary>
/// <remarks>Each harness has a host name of its own, so that telemetry captured while other tests run can be told apart by <c>server.address</c>.</remarks>
internal sealed class GeneratorHarness : IDisposable
{
    private readonly HttpClient _http;

    public GeneratorHarness(Action<ImagesClientOptions>? configure = null, string? defaultModelId = null)
    {
        Emulator = new ImagesEmulator();
        Host = $"t{Guid.NewGuid():N}.emulator.test";
        Options = new ImagesClientOptions { ApiKey = "test", BaseAddress = new Uri($"http://{Host}/v1/") };
        Options.Retry.MaxRetries = 0;
        configure?.Invoke(Options);
        _http = new HttpClient(Emulator.CreateHandler());
        Client = new ImagesClient(_http, Options);
        Generator = Client.AsIImageGenerator(defaultModelId);
    }

    public ImagesEmulator Emulator { get; }

    public string Host { get; }

    public ImagesClientOptions Options { get; }

    public ImagesClient Client { get; }

    public IImageGenerator Generator { get; }

    /// <summary>Short, fixed backoff delays, so that a retry test runs in milliseconds.</summary>
    public static void FastRetries(ImagesClientOptions options)
    {
        options.Retry.MaxRetries = 2;
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.UseJitter = false;
    }

    public void Dispose() => _http.Dispose();
}
