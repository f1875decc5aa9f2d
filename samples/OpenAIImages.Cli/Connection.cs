using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAIImages.Cli.Parsing;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli;

/// <summary>
/// The <see cref="ImagesClient"/> a command sends with: Azure OpenAI when <c>AZURE_OPENAI_ENDPOINT</c> is set, OpenAI (or
/// the server at the base URL) when there is an API key, else the in-process emulator.
/// </summary>
internal sealed class Connection : IDisposable
{
    public const string OfflineNotice = "No OPENAI_API_KEY set: using the built-in offline emulator (no network).";

    // The SDK removes the key from error messages, so it must be text that never appears in one (not "offline").
    private const string OfflineApiKey = "cli-offline-emulator-key";

    private const string Example = "https://api.openai.com/v1/";

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

    /// <summary>Gets the settings the client was made with, for a check that sends nothing (<see cref="Commands.BatchPreflight"/>).</summary>
    public ImagesClientOptions Options => _options;

    /// <summary>A Batch API client over the same connection and settings.</summary>
    public Batches.ImagesBatchClient CreateBatchClient(Batches.ImagesBatchOptions batchOptions) => new(_ownedHttp, _options, batchOptions, _logging);

    /// <summary>
    /// Creates the connection from <c>--api-key</c>/<c>OPENAI_API_KEY</c> and <c>--base-url</c>/<c>OPENAI_BASE_URL</c>, or for
    /// Azure from <c>AZURE_OPENAI_ENDPOINT</c>, <c>--api-key</c>/<c>AZURE_OPENAI_API_KEY</c>, <c>--deployment</c>,
    /// <c>--api-version</c>/<c>OPENAI_API_VERSION</c> and <c>--azure-model</c>; prints a notice when it talks to Azure or
    /// to the offline emulator.
    /// </summary>
    /// <param name="input">The command line and context.</param>
    /// <param name="logging">Where the SDK's log events go; none by default.</param>
    /// <exception cref="UsageException">
    /// A URL is not an absolute http(s) URL; <c>--base-url</c> was given without a key or with Azure; an Azure flag without
    /// <c>AZURE_OPENAI_ENDPOINT</c>; or Azure with only an OpenAI key.
    /// </exception>
    public static Connection Open(CommandInput input, ILoggerFactory? logging = null)
    {
        CliContext context = input.Context;
        CliSymbols s = input.Symbols;
        logging ??= NullLoggerFactory.Instance;
        string? flagKey = input.Get(s.ApiKey);
        string? flagUrl = input.Get(s.BaseUrl);
        string? azureEndpoint = Variable(context, "AZURE_OPENAI_ENDPOINT");
        if (azureEndpoint is null && s.AzureOnly.FirstOrDefault(input.Has) is { } azureFlag)
        {
            throw new UsageException($"{azureFlag.Name} is for Azure OpenAI: set AZURE_OPENAI_ENDPOINT to your resource's endpoint, such as https://my-resource.openai.azure.com/");
        }

        string? apiKey = flagKey ?? Variable(context, "OPENAI_API_KEY");
        if (azureEndpoint is not null && (flagKey ?? Variable(context, "AZURE_OPENAI_API_KEY") ?? apiKey) is not null)
        {
            return OpenAzure(input, azureEndpoint, logging);
        }

        if (apiKey is null)
        {
            if (flagUrl is not null)
            {
                throw new UsageException($"{input.Symbols.BaseUrl.Name} needs an API key: pass --api-key KEY or set OPENAI_API_KEY (any text works for a server that does not check it)");
            }

            context.Stderr.WriteLine(OfflineNotice);
            // Nothing here reads what the emulator recorded: keeping none holds memory flat over a long batch.
            var offlineHttp = new HttpClient(new ImagesEmulator(new ImagesEmulatorOptions { MaxRecordedRequests = 0 }).CreateHandler());
            var offline = new ImagesClientOptions { ApiKey = OfflineApiKey, BaseAddress = OfflineBaseAddress, UserAgentSuffix = UserAgent };
            return new Connection(new ImagesClient(offlineHttp, offline, logging), offlineHttp, offline, logging, offline: true);
        }

        Uri baseAddress = flagUrl is not null
            ? ParseUrl(flagUrl, input.Symbols.BaseUrl.Name, Example)
            : Variable(context, "OPENAI_BASE_URL") is { } environmentUrl ? ParseUrl(environmentUrl, "OPENAI_BASE_URL", Example) : ImagesClientOptions.DefaultBaseAddress;
        var options = new ImagesClientOptions
        {
            ApiKey = apiKey,
            BaseAddress = baseAddress,
            Organization = Variable(context, "OPENAI_ORG_ID"),
            Project = Variable(context, "OPENAI_PROJECT_ID"),
            UserAgentSuffix = UserAgent,
        };

        return Online(options, logging);
    }

    /// <summary>Azure OpenAI: the deployment form with <c>--deployment</c>, else the v1 form whose deployment is the request's model.</summary>
    private static Connection OpenAzure(CommandInput input, string endpointText, ILoggerFactory logging)
    {
        CliContext context = input.Context;
        CliSymbols s = input.Symbols;
        if (input.Get(s.BaseUrl) is not null)
        {
            throw new UsageException($"{s.BaseUrl.Name} is for OpenAI-compatible servers; Azure OpenAI's endpoint comes from AZURE_OPENAI_ENDPOINT (unset it to use {s.BaseUrl.Name})");
        }

        // An OpenAI key is never sent to Azure: it would be refused there, and it is a secret of another service.
        string apiKey = input.Get(s.ApiKey) ?? Variable(context, "AZURE_OPENAI_API_KEY")
            ?? throw new UsageException($"AZURE_OPENAI_ENDPOINT is set, so the key must be Azure's: set AZURE_OPENAI_API_KEY or pass {s.ApiKey.Name} KEY (OPENAI_API_KEY is not sent to Azure)");
        string? deployment = input.Get(s.Deployment);
        if (deployment is null && input.Has(s.ApiVersion))
        {
            throw new UsageException($"{s.ApiVersion.Name} needs {s.Deployment.Name}: the v1 API takes no api-version");
        }

        var azure = new ImagesAzureOptions
        {
            Endpoint = ParseUrl(endpointText, "AZURE_OPENAI_ENDPOINT", "https://my-resource.openai.azure.com/"),
            Deployment = deployment,
            ApiVersion = input.Get(s.ApiVersion) ?? Variable(context, "OPENAI_API_VERSION") ?? ImagesAzureOptions.DefaultApiVersion,
            Model = input.Get(s.AzureModel),
        };
        var options = new ImagesClientOptions { ApiKey = apiKey, Azure = azure, UserAgentSuffix = UserAgent };
        if (options.Validate() is [string problem, ..])
        {
            // The SDK names its options; the tool's user knows the flags.
            throw new UsageException(problem
                .Replace("ImagesClientOptions.Azure.Deployment", s.Deployment.Name, StringComparison.Ordinal)
                .Replace("ImagesClientOptions.Azure.ApiVersion", s.ApiVersion.Name, StringComparison.Ordinal));
        }

        string form = deployment is null
            ? "v1 API, the deployment named by --model"
            : $"deployment {deployment}, api-version {azure.ApiVersion}";
        context.Stderr.WriteLine($"Azure OpenAI at {azure.Endpoint.AbsoluteUri} ({form}).");
        return Online(options, logging);
    }

    private static Connection Online(ImagesClientOptions options, ILoggerFactory logging)
    {
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

    private static Uri ParseUrl(string text, string source, string example)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{source} '{text}' is not an absolute http(s) URL, such as {example}");
        }

        return uri;
    }
}
