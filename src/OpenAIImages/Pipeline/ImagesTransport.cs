using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAIImages.Catalog;
using OpenAIImages.Diagnostics;
using OpenAIImages.Errors;
using OpenAIImages.Internal;

namespace OpenAIImages.Pipeline;

/// <summary>
/// Sends one attempt of a call: the URL, the headers (auth, User-Agent, organization, project), the send itself, and
/// the mapping of every failure into the SDK's exceptions. It speaks OpenAI's URL shape and <c>Authorization: Bearer</c>
/// key, or Azure OpenAI's deployment or v1 URL forms with the <c>api-key</c> header or a Microsoft Entra ID token. What comes back is a success response with its headers read;
/// an error status is an <see cref="ImagesApiException"/>, a failed connection an <see cref="ImagesConnectionException"/>.
/// </summary>
internal sealed class ImagesTransport
{
    private readonly HttpClient _http;
    private readonly ImagesClientOptions _options;
    private readonly ILogger _logger;
    private readonly string? _authorizationName;
    private readonly string? _authorization;
    private readonly ImagesAzureOptions? _azure;
    private readonly string[] _tokenScopes = [];
    private readonly Uri _generations;
    private readonly Uri _edits;
    private readonly Uri _variations;

    // The key a provider gave last, so that text a server echoes is redacted of it too.
    private volatile string? _providedKey;

    public ImagesTransport(HttpClient http, ImagesClientOptions options, ILogger logger)
    {
        _http = http;
        _options = options;
        _logger = logger;

        _azure = options.Azure;
        UserAgent = CreateUserAgent(options.UserAgentSuffix);
        if (_azure is { } azure)
        {
            // Deployment form: /openai/deployments/{name}/images/...?api-version=...; v1 form: /openai/v1/images/...
            Uri endpoint = WithSlash(azure.Endpoint!);
            BaseAddress = azure.Deployment is { } deployment
                ? new Uri(endpoint, "openai/deployments/" + Uri.EscapeDataString(deployment.Trim()) + "/")
                : new Uri(endpoint, "openai/v1/");
            string query = azure.Deployment is null ? string.Empty : "?api-version=" + Uri.EscapeDataString(azure.ApiVersion.Trim());
            _generations = new Uri(BaseAddress, "images/generations" + query);
            _edits = new Uri(BaseAddress, "images/edits" + query);
            _variations = new Uri(BaseAddress, "images/variations" + query);
            Service = ImageService.Azure;
            _authorizationName = azure.TokenProvider is null ? "api-key" : "Authorization";
            _authorization = azure.TokenProvider is null && options.ApiKeyProvider is null ? options.ApiKey : null;
            _tokenScopes = [azure.TokenScope];
        }
        else
        {
            // Relative paths resolve below the base address only when it ends with a slash.
            BaseAddress = WithSlash(options.BaseAddress);
            _generations = new Uri(BaseAddress, "images/generations");
            _edits = new Uri(BaseAddress, "images/edits");
            _variations = new Uri(BaseAddress, "images/variations");
            Service = string.Equals(BaseAddress.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase) ? ImageService.OpenAI : ImageService.Compatible;
            _authorizationName = "Authorization";
            _authorization = options.ApiKeyProvider is null ? "Bearer " + options.ApiKey : null;
        }
    }

    /// <summary>Gets the base address, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the service the client talks to, whose lifecycle dates apply.</summary>
    public ImageService Service { get; }

    /// <summary>Gets the User-Agent header's value, built once.</summary>
    public string UserAgent { get; }

    /// <summary>Sends one attempt: the credential, a fresh request, the send, and the status check.</summary>
    /// <param name="call">The call.</param>
    /// <param name="pacer">The limiter to show the answer's rate-limit headers to, or null.</param>
    /// <param name="cancellationToken">The attempt's token (its time limit and the caller's cancellation).</param>
    /// <returns>The success response, headers read and body not; the caller disposes it.</returns>
    /// <exception cref="ImagesApiException">The server answered with an error status.</exception>
    /// <exception cref="ImagesConnectionException">The server could not be reached, or the connection failed before the headers.</exception>
    /// <exception cref="ImagesCredentialException">The key or token provider failed or gave an unusable value.</exception>
    public async ValueTask<HttpResponseMessage> SendAsync(ImageCall call, ImageRateLimiter? pacer, CancellationToken cancellationToken)
    {
        string authorization = _authorization ?? await CredentialAsync(cancellationToken).ConfigureAwait(false);
        long started = _options.TimeProvider.GetTimestamp();
        HttpResponseMessage response;
        using (HttpRequestMessage request = CreateRequest(call, authorization))
        {
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw new ImagesConnectionException($"The {call.Operation} request could not reach {Redaction.Url(BaseAddress)}: {Redact(ex.Message)}", ex);
            }
        }

        try
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                Log.ResponseReceived(_logger, call.Operation, (int)response.StatusCode, _options.TimeProvider.GetElapsedTime(started).TotalMilliseconds, RequestIdOf(response));
            }
            if (pacer is not null)
            {
                await pacer.ObserveAsync(call, response.Headers).ConfigureAwait(false);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ApiErrorFactory.CreateAsync(response, Redact, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // One attempt's request: the URL, a fresh body, and the headers (auth, Accept, User-Agent, organization, project).
    private HttpRequestMessage CreateRequest(ImageCall call, string authorization)
    {
        HttpContent? content = call.HasContent ? call.CreateContent() : null;
        if (content is not null && call.Progress is not null)
        {
            content = new ProgressContent(content, call);
        }

        var request = new HttpRequestMessage(call.Method, call.Path is { } path ? new Uri(BaseAddress, path) : UriOf(call.Endpoint)) { Content = content };
        request.Headers.TryAddWithoutValidation(_authorizationName!, authorization);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (_options.Organization is { Length: > 0 } organization)
        {
            request.Headers.TryAddWithoutValidation("OpenAI-Organization", organization);
        }

        if (_options.Project is { Length: > 0 } project)
        {
            request.Headers.TryAddWithoutValidation("OpenAI-Project", project);
        }

        return request;
    }

    /// <summary>Removes the API key (static or last provided), anything shaped like a key or token, and URL passwords.</summary>
    public string Redact(string text) => Redaction.Text(text, _options.ApiKey, _providedKey);

    /// <summary>The response's request id (<c>x-request-id</c>), redacted: a header is server text like any other.</summary>
    public string? RequestIdOf(HttpResponseMessage response) =>
        ApiErrorFactory.RequestIdOf(response.Headers) is { } id ? (IsPlainId(id) ? id : Redact(id)) : null;

    // An id of letters, digits, '_' and '-' (as every service sends) without "sk-" or a key in it is text no rule of
    // Redaction changes: a token needs a space or a colon before it, a URL password "://". The regexes are skipped.
    private bool IsPlainId(string id)
    {
        foreach (char c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return false;
            }
        }

        return id.IndexOf("sk-", StringComparison.OrdinalIgnoreCase) < 0 && !Holds(id, _options.ApiKey) && !Holds(id, _providedKey);
    }

    private static bool Holds(string text, string? secret) => !string.IsNullOrEmpty(secret) && text.IndexOf(secret!, StringComparison.Ordinal) >= 0;

    private Uri UriOf(ImageEndpoint endpoint) => endpoint switch
    {
        ImageEndpoint.Generations => _generations,
        ImageEndpoint.Edits => _edits,
        _ => _variations,
    };

    // The header value for a key or token asked for on each attempt, so a rotated key or a refreshed token is used. A
    // provider that ignores cancellation is not waited for past the attempt's time limit or the caller's cancellation.
    private async ValueTask<string> CredentialAsync(CancellationToken cancellationToken)
    {
        bool token = _azure?.TokenProvider is not null;
        string source = token ? "ImagesClientOptions.Azure.TokenProvider" : "ImagesClientOptions.ApiKeyProvider";
        string what = token ? "token" : "API key";
        string article = token ? "a" : "an";
        string? secret;
        try
        {
            Task<string> asked = token
                ? _azure!.TokenProvider!(_tokenScopes, cancellationToken).AsTask()
                : _options.ApiKeyProvider!(cancellationToken).AsTask();
            secret = await Tasks.WaitAsync(asked, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new ImagesCredentialException($"{source} failed ({ex.GetType().Name}: {Redact(ex.Message)}); nothing was sent.", ex);
        }

        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new ImagesCredentialException($"{source} returned no {what} (null, empty or white space); nothing was sent.", null);
        }

        if (Validation.HeaderValueAttribute.HasControlCharacters(secret!))
        {
            // Written raw, a line break would let the secret inject headers of its own.
            throw new ImagesCredentialException($"{source} returned {article} {what} with a line break or another control character; nothing was sent.", null);
        }

        _providedKey = secret;
        return token || _azure is null ? "Bearer " + secret : secret!;
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");

    // "OpenAIImages/1.2.3 (.NET 10.0.1; Debian GNU/Linux 12) suffix": written as text, not through ProductInfoHeaderValue
    // objects, whose parsing machinery a cold start would otherwise load for a constant; a suffix is still checked by it.
    private static string CreateUserAgent(string? suffix)
    {
        string version = PackageVersion.Informational ?? "0.0.0";
        int plus = version.IndexOf('+');
        string agent = "OpenAIImages/" + (plus > 0 ? version.Substring(0, plus) : version)
            + " (" + WithoutParentheses(RuntimeInformation.FrameworkDescription) + "; " + WithoutParentheses(RuntimeInformation.OSDescription).Trim() + ")";
        return !string.IsNullOrWhiteSpace(suffix) && ProductInfoHeaderValue.TryParse(suffix, out ProductInfoHeaderValue? extra)
            ? agent + " " + extra
            : agent;
    }

    private static string WithoutParentheses(string text) => text.Replace("(", string.Empty).Replace(")", string.Empty);
}
