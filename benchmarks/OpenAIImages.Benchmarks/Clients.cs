using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Linq;
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

    /// <summary>
    /// Our client as a user gets it: the package defaults (2 retries armed with their backoff, validation, timeouts), except
    /// that each client-side rate limit is raised so high it never waits (the defaults, 5 dall-e-3 and 50 dall-e-2 images a
    /// minute, would stall any benchmark) while the limiter itself stays in the pipeline.
    /// </summary>
    /// <param name="maxRetries">Null for the default; a number also makes retries immediate (no backoff), for the flaky-server case.</param>
    public static ImagesClient Ours(HttpMessageHandler handler, Uri? baseAddress = null, int? maxRetries = null, Action<ImagesClientOptions>? configure = null)
    {
        var options = new ImagesClientOptions { ApiKey = ApiKey, BaseAddress = baseAddress ?? BaseAddress };
        if (maxRetries is { } retries)
        {
            options.Retry.MaxRetries = retries;
            options.Retry.BaseDelay = TimeSpan.Zero;
            options.Retry.UseJitter = false;
        }

        foreach (string model in options.RateLimits.ImagesPerMinute.Keys.ToArray())
        {
            options.RateLimits.ImagesPerMinute[model] = NeverWaits;
        }

        configure?.Invoke(options);

        // As the client configures its own shared HttpClient: its own Timeout option governs.
        return new ImagesClient(new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, options);
    }

    /// <summary>Images a minute that no benchmark reaches: the limiter runs, and never makes a call wait.</summary>
    public const int NeverWaits = 100_000_000;

    /// <summary>The hand-written baseline's HttpClient: base address and key set once, defaults otherwise.</summary>
    public static HttpClient Raw(HttpMessageHandler handler, Uri? baseAddress = null)
    {
        var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress ?? BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }

    /// <summary>The official OpenAI package's client with its defaults (its retry policy armed), sending through the same handler.</summary>
    public static ImageClient Official(string model, HttpMessageHandler handler, Uri? baseAddress = null) =>
        new(
            model,
            new ApiKeyCredential(ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = new Uri((baseAddress ?? BaseAddress).AbsoluteUri.TrimEnd('/')),
                Transport = new HttpClientPipelineTransport(new HttpClient(handler, disposeHandler: false)),
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
