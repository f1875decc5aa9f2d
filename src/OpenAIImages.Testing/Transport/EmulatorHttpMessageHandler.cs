using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Engine;

namespace OpenAIImages.Testing.Transport;

/// <summary>The in-process transport: hands each request to the engine for any host, no sockets involved.</summary>
internal sealed class EmulatorHttpMessageHandler : HttpMessageHandler
{
    private readonly EmulatorEngine _engine;

    public EmulatorHttpMessageHandler(EmulatorEngine engine)
    {
        _engine = engine;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        Uri uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new InvalidOperationException("The request URI is not absolute: give the HttpClient a BaseAddress such as http://localhost/v1/.");

        var headers = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
        {
            headers.Add(new(header.Key, string.Join(", ", header.Value)));
        }

        if (request.Content is not null)
        {
            foreach (KeyValuePair<string, IEnumerable<string>> header in request.Content.Headers)
            {
                headers.Add(new(header.Key, string.Join(", ", header.Value)));
            }
        }

        EngineResponse? answer = null;
        ContentPipe? body = request.Content is null ? null : new ContentPipe(request.Content, cancellationToken);
        try
        {
            var engineRequest = new EngineRequest(request.Method.Method, uri.AbsolutePath, uri.Query, uri.GetLeftPart(UriPartial.Authority), headers, body?.Body ?? Stream.Null);
            answer = await _engine.HandleAsync(engineRequest, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (body?.Failure is not null && !cancellationToken.IsCancellationRequested)
        {
            // The engine stopped on the content's own failure, thrown below.
        }
        finally
        {
            if (body is not null)
            {
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }

        // The content failed while sent: the call fails with its error (an I/O one wrapped in HttpRequestException by
        // HttpContent.CopyToAsync), as it does when a real connection sends it.
        if (body?.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (answer!.DropConnection)
        {
            throw new HttpRequestException(
                HttpRequestError.ConnectionError,
                "The emulator dropped the connection (scripted fault: EmulatedFault.DroppedConnection).",
                new IOException("The connection was closed by the emulated server."));
        }

        var response = new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            RequestMessage = request,
            Content = answer.BodyStream is { } stored ? new StreamContent(stored)
                : answer.Chunks is null ? new ByteArrayContent(answer.Body)
                : new StreamContent(new PacedBodyStream(answer)),
        };
        response.Content.Headers.ContentLength = answer.Length;
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(answer.ContentType);
        foreach ((string name, string value) in answer.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
