using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.ContractTests;

/// <summary>One request the client sent and what Prism answered, read before the client saw it.</summary>
/// <param name="Method">The request method.</param>
/// <param name="Uri">The request URI.</param>
/// <param name="RequestContentType">The request's Content-Type, with its boundary.</param>
/// <param name="RequestBody">The request body's bytes.</param>
/// <param name="Authorization">The Authorization header sent.</param>
/// <param name="Status">The status Prism answered.</param>
/// <param name="ResponseBody">The response body.</param>
public sealed record Exchange(HttpMethod Method, Uri Uri, string? RequestContentType, byte[] RequestBody, string? Authorization, HttpStatusCode Status, string ResponseBody)
{
    /// <summary>Gets the fields the request carried, parsed from its JSON or multipart body.</summary>
    public IReadOnlyList<WireField> Fields => WireField.Parse(RequestContentType, RequestBody);

    /// <summary>Describes the request as sent (file contents left out) and the answer, for failure messages.</summary>
    public string Describe() =>
        $"{Method} {Uri.AbsolutePath} ({RequestContentType})\n  sent: {WireField.Describe(Fields)}\n  Prism answered {(int)Status}: {ResponseBody}";
}

/// <summary>
/// Sits between the client and the network: records every request and response (so accepted and rejected are decided
/// from Prism's status, not from how the client reads Prism's invented example bodies), and refuses any host but
/// 127.0.0.1 so nothing else on the network is reached.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly List<Exchange> _exchanges = [];

    /// <summary>Creates a handler that sends through a fresh socket handler.</summary>
    public RecordingHandler()
        : base(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
    }

    /// <summary>Gets the exchanges so far, in order.</summary>
    public IReadOnlyList<Exchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return _exchanges.ToArray();
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { } uri || !IPAddress.TryParse(uri.Host, out IPAddress? address) || !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException($"The contract tests talk to Prism on 127.0.0.1 only; the client tried {request.RequestUri}.");
        }

        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        // Hand the client a fresh copy of the body with the same headers.
        var replay = new ByteArrayContent(answer);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content.Dispose();
        response.Content = replay;

        lock (_exchanges)
        {
            _exchanges.Add(new Exchange(
                request.Method,
                uri,
                request.Content?.Headers.ContentType?.ToString(),
                body,
                request.Headers.Authorization?.ToString(),
                response.StatusCode,
                System.Text.Encoding.UTF8.GetString(answer)));
        }

        return response;
    }
}
