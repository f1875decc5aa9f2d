using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.NetFx.Tests.Support;

/// <summary>What the client sent: method, URL, content type and the body's bytes, read when it was sent.</summary>
internal sealed class SentRequest
{
    public SentRequest(HttpMethod method, Uri uri, string? contentType, byte[] body)
    {
        Method = method;
        Uri = uri;
        ContentType = contentType;
        Body = body;
    }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    public string? ContentType { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A canned Images API: an <see cref="HttpMessageHandler"/> that records each request and answers with one response
/// built per request. OpenAIImages.Testing's emulator is net10.0-only, so a .NET Framework test brings its own.
/// </summary>
internal sealed class CannedApi : HttpMessageHandler
{
    public const string ApiKey = "sk-test-netfx-0123456789";

    private readonly Func<HttpResponseMessage> _respond;
    private readonly List<SentRequest> _sent = new List<SentRequest>();

    private CannedApi(Func<HttpResponseMessage> respond) => _respond = respond;

    public IReadOnlyList<SentRequest> Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToArray();
            }
        }
    }

    public SentRequest Single => Assert.Single(Sent);

    /// <summary>Answers every request with <paramref name="json"/> and <paramref name="status"/>.</summary>
    public static CannedApi Json(string json, HttpStatusCode status = HttpStatusCode.OK) => new CannedApi(() =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        response.Headers.Add("x-request-id", "req_netfx");
        return response;
    });

    /// <summary>Answers every request with a server-sent event stream.</summary>
    public static CannedApi EventStream(string events) => new CannedApi(() =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(events, Encoding.UTF8, "text/event-stream") };
        response.Headers.Add("x-request-id", "req_netfx_stream");
        return response;
    });

    /// <summary>A success body with one b64_json image per entry of <paramref name="images"/>.</summary>
    public static string ImagesJson(params byte[][] images) =>
        "{\"created\":1700000000,\"data\":[" + string.Join(",", images.Select(i => "{\"b64_json\":\"" + Convert.ToBase64String(i) + "\"}")) + "],\"output_format\":\"png\"}";

    public ImagesClient Client() =>
        new ImagesClient(new HttpClient(this), new ImagesClientOptions { ApiKey = ApiKey, BaseAddress = new Uri("https://api.test/v1/") });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] body = request.Content is null ? new byte[0] : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        lock (_sent)
        {
            _sent.Add(new SentRequest(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.ToString(), body));
        }

        return _respond();
    }
}
