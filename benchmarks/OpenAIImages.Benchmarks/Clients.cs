using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using System.Threading;
using OpenAI;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>Creates the three clients under test, each over the same handler.</summary>
public static class Clients
{
    public const string ApiKey = "sk-bench-0123456789";

    public static readonly Uri BaseAddress = new("http://localhost/v1/");

    /// <summary>Our client; retries off unless asked, client-side rate limits off (dall-e-3 defaults to 5 images a minute).</summary>
    public static ImagesClient Ours(HttpMessageHandler handler, Uri? baseAddress = null, int maxRetries = 0, Action<ImagesClientOptions>? configure = null)
    {
        var options = new ImagesClientOptions { ApiKey = ApiKey, BaseAddress = baseAddress ?? BaseAddress };
        options.Retry.MaxRetries = maxRetries;
        options.Retry.BaseDelay = TimeSpan.Zero;
        options.Retry.UseJitter = false;
        options.RateLimits.ImagesPerMinute.Clear();
        configure?.Invoke(options);

        // As the client configures its own shared HttpClient: its own Timeout option governs.
        return new ImagesClient(new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, options);
    }

    /// <summary>The hand-written baseline's HttpClient: base address and key set once, defaults otherwise.</summary>
    public static HttpClient Raw(HttpMessageHandler handler, Uri? baseAddress = null)
    {
        var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress ?? BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }

    /// <summary>The official OpenAI package's client, retries off, sending through the same handler.</summary>
    public static ImageClient Official(string model, HttpMessageHandler handler) =>
        new(
            model,
            new ApiKeyCredential(ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = new Uri("http://localhost/v1"),
                Transport = new HttpClientPipelineTransport(new HttpClient(handler, disposeHandler: false)),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            });
}

/// <summary>The three clients under test, each over the same canned handler, for a benchmark class to start and stop.</summary>
public abstract class CannedClientsBenchmark
{
    private protected CannedHandler _handler = null!;
    private protected ImagesClient _ours = null!;
    private protected HttpClient _raw = null!;
    private protected ImageClient _official = null!;

    /// <summary>Starts the handler answering <paramref name="answer"/> to every call, and the clients over it.</summary>
    private protected void StartClients(byte[] answer, string officialModel)
    {
        _handler = new CannedHandler(answer);
        _ours = Clients.Ours(_handler);
        _raw = Clients.Raw(_handler);
        _official = Clients.Official(officialModel, _handler);
    }

    private protected void StopClients()
    {
        _raw.Dispose();
        _handler.Dispose();
    }
}
