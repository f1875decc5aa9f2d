using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAIImages.Cli.Parsing;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli;

/// <summary>The <see cref="ImagesClient"/> a command sends with: OpenAI (or the server at the base URL) when there is an API key, else the in-process emulator.</summary>
internal sealed class Connection : IDisposable
{
    public const string OfflineNotice = "No OPENAI_API_KEY set: using the built-in offline emulator (no network).";

    // The SDK removes the key from error messages, so it must be text that never appears in one (not "offline").
    private const string OfflineApiKey = "cli-offline-emulator-key";

    private static readonly Uri OfflineBaseAddress = new("http://localhost/v1/");

    private readonly HttpClient _ownedHttp;
    private readonly ImagesClientOptions _options;
    private readonly ILoggerFactory _logging;

    private Connection(ImagesClient client, HttpClient ownedHttp, ImagesClientOptions options, ILoggerFactory logging, bool offline)
    {
        IsOffline = offline;
        Client = client;
        _ownedHttp = ownedHttp;
        _options = options;
        _logging = logging;
    }

    public ImagesClient Client { get; }

    /// <summary>Gets whether requests go to the in-process emulator.</summary>
    public bool IsOffline { get; }

    /// <summary>A Batch API client over the same connection and settings.</summary>
    public Batches.ImagesBatchClient CreateBatchClient(Batches.ImagesBatchOptions batchOptions) => new(_ownedHttp, _options, batchOptions, _logging);

    /// <summary>Creates the connection from <c>--api-key</c>/<c>OPENAI_API_KEY</c> and <c>--base-url</c>/<c>OPENAI_BASE_URL</c>; prints the offline notice when there is no key.</summary>
    /// <param name="input">The command line and context.</param>
    /// <param name="logging">Where the SDK's log events go; none by default.</param>
    /// <exception cref="UsageException">A base URL is not an absolute http(s) URL, or <c>--base-url</c> was given without a key.</exception>
    public static Connection Open(CommandInput input, ILoggerFactory? logging = null)
    {
        CliContext context = input.Context;
        logging ??= NullLoggerFactory.Instance;
        string? apiKey = input.Get(input.Symbols.ApiKey) ?? Variable(context, "OPENAI_API_KEY");
        string? flagUrl = input.Get(input.Symbols.BaseUrl);
        if (apiKey is null)
        {
            if (flagUrl is not null)
            {
                throw new UsageException($"{input.Symbols.BaseUrl.Name} needs an API key: pass --api-key KEY or set OPENAI_API_KEY (any text works for a server that does not check it)");
            }

            context.Stderr.WriteLine(OfflineNotice);
            var offlineHttp = new HttpClient(new ImagesEmulator().CreateHandler());
            var offline = new ImagesClientOptions { ApiKey = OfflineApiKey, BaseAddress = OfflineBaseAddress, UserAgentSuffix = UserAgent };
            return new Connection(new ImagesClient(offlineHttp, offline, logging), offlineHttp, offline, logging, offline: true);
        }

        Uri baseAddress = flagUrl is not null
            ? ParseUrl(flagUrl, input.Symbols.BaseUrl.Name)
            : Variable(context, "OPENAI_BASE_URL") is { } environmentUrl ? ParseUrl(environmentUrl, "OPENAI_BASE_URL") : ImagesClientOptions.DefaultBaseAddress;
        var options = new ImagesClientOptions
        {
            ApiKey = apiKey,
            BaseAddress = baseAddress,
            Organization = Variable(context, "OPENAI_ORG_ID"),
            Project = Variable(context, "OPENAI_PROJECT_ID"),
            UserAgentSuffix = UserAgent,
        };

        // Settings as the SDK's own pool; no HttpClient timeout, since the SDK's timeouts suit requests that take minutes and
        // HttpClient's 100 s default would not. The tool makes its own client only to hand the SDK a logger.
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All };
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        return new Connection(new ImagesClient(http, options, logging), http, options, logging, offline: false);
    }

    public void Dispose() => _ownedHttp.Dispose();

    private static string UserAgent => "openai-images-cli/" + (typeof(Connection).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private static string? Variable(CliContext context, string name) =>
        context.Environment(name) is { } value && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static Uri ParseUrl(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{source} '{text}' is not an absolute http(s) URL, such as https://api.openai.com/v1/");
        }

        return uri;
    }
}
