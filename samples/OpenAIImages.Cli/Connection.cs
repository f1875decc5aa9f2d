using System;
using System.Net.Http;
using OpenAIImages.Cli.CommandLine;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli;

/// <summary>The <see cref="ImagesClient"/> a command sends with: OpenAI (or the server at the base URL) when there is an API key, else the in-process emulator.</summary>
internal sealed class Connection : IDisposable
{
    public const string OfflineNotice = "No OPENAI_API_KEY set: using the built-in offline emulator (no network).";

    // The SDK removes the key from error messages, so it must be text that never appears in one (not "offline").
    private const string OfflineApiKey = "cli-offline-emulator-key";

    private static readonly Uri OfflineBaseAddress = new("http://localhost/v1/");

    private readonly HttpClient? _ownedHttp;

    private Connection(ImagesClient client, HttpClient? ownedHttp)
    {
        Client = client;
        _ownedHttp = ownedHttp;
    }

    public ImagesClient Client { get; }

    /// <summary>Creates the connection from <c>--api-key</c>/<c>OPENAI_API_KEY</c> and <c>--base-url</c>/<c>OPENAI_BASE_URL</c>; prints the offline notice when there is no key.</summary>
    /// <exception cref="UsageException">A base URL is not an absolute http(s) URL, or <c>--base-url</c> was given without a key.</exception>
    public static Connection Open(ParsedArguments args, CliContext context)
    {
        string? apiKey = args.Text(Flags.ApiKey) ?? Variable(context, "OPENAI_API_KEY");
        string? flagUrl = args.Text(Flags.BaseUrl);
        if (apiKey is null)
        {
            if (flagUrl is not null)
            {
                throw new UsageException($"{Flags.BaseUrl.Display} needs an API key: pass --api-key KEY or set OPENAI_API_KEY (any text works for a server that does not check it)");
            }

            context.Stderr.WriteLine(OfflineNotice);
            var offlineHttp = new HttpClient(new ImagesEmulator().CreateHandler());
            var offline = new ImagesClientOptions { ApiKey = OfflineApiKey, BaseAddress = OfflineBaseAddress, UserAgentSuffix = UserAgent };
            return new Connection(new ImagesClient(offlineHttp, offline), offlineHttp);
        }

        Uri baseAddress = flagUrl is not null
            ? ParseUrl(flagUrl, Flags.BaseUrl.Display)
            : Variable(context, "OPENAI_BASE_URL") is { } environmentUrl ? ParseUrl(environmentUrl, "OPENAI_BASE_URL") : ImagesClientOptions.DefaultBaseAddress;
        var options = new ImagesClientOptions
        {
            ApiKey = apiKey,
            BaseAddress = baseAddress,
            Organization = Variable(context, "OPENAI_ORG_ID"),
            Project = Variable(context, "OPENAI_PROJECT_ID"),
            UserAgentSuffix = UserAgent,
        };

        // The SDK's own connection pool and timeouts suit requests that take minutes; HttpClient's 100 s default would not.
        return new Connection(new ImagesClient(options), null);
    }

    public void Dispose() => _ownedHttp?.Dispose();

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
