using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;

namespace OpenAIImages.Tests.Support;

/// <summary>What the client sent: method, URL, headers and the body's bytes, read when it was sent.</summary>
internal sealed record SentRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body, long? ContentLength, DateTimeOffset At)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Boundary => Header("Content-Type") is { } type && type.Contains("boundary=", StringComparison.Ordinal)
        ? type[(type.IndexOf("boundary=", StringComparison.Ordinal) + 9)..].Trim('"')
        : null;

    public IReadOnlyList<FormPart> Parts => FormPart.Parse(Body, Boundary!);
}

/// <summary>A mocked Images API (RichardSzalay.MockHttp) that records every request and answers with canned responses.</summary>
internal sealed class RecordingApi
{
    public const string ApiKey = "sk-test-0123456789abcdef";

    private readonly ConcurrentQueue<SentRequest> _sent = new();

    public RecordingApi(TimeProvider? time = null)
    {
        Handler = new MockHttpMessageHandler();
        Time = time ?? TimeProvider.System;
    }

    /// <summary>Gets the clock that stamps each recorded request.</summary>
    public TimeProvider Time { get; }

    public MockHttpMessageHandler Handler { get; }

    public IReadOnlyList<SentRequest> Sent => _sent.ToArray();

    public SentRequest Single => Assert.Single(Sent);

    public static string SuccessJson(int images = 1) =>
        "{\"created\":1700000000,\"data\":[" + string.Join(",", Enumerable.Range(0, images).Select(_ => "{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\"}")) + "]}";

    /// <summary>Answers every request with <paramref name="respond"/>, recording it first.</summary>
    public RecordingApi Answer(Func<SentRequest, HttpResponseMessage> respond)
    {
        Handler.Fallback.Respond(async request =>
        {
            SentRequest sent = await Record(request);
            return respond(sent);
        });
        return this;
    }

    public RecordingApi AnswerJson(string json, HttpStatusCode status = HttpStatusCode.OK, string? requestId = "req_test") =>
        Answer(_ => Json(json, status, requestId));

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string? requestId = "req_test")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (requestId is not null)
        {
            response.Headers.Add("x-request-id", requestId);
        }

        return response;
    }

    public ImagesClient Client(Action<ImagesClientOptions>? configure = null) => new(Handler.ToHttpClient(), Options(configure));

    public static ImagesClientOptions Options(Action<ImagesClientOptions>? configure = null)
    {
        // Retries are off unless a test turns them on: they have tests of their own, on a fake clock.
        var options = new ImagesClientOptions { ApiKey = ApiKey, BaseAddress = new Uri("https://api.test/v1/") };
        options.Retry.MaxRetries = 0;
        configure?.Invoke(options);
        return options;
    }

    public async Task<SentRequest> Record(HttpRequestMessage request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        byte[] body = [];
        long? length = null;
        if (request.Content is { } content)
        {
            foreach (var header in content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }

            length = content.Headers.ContentLength;
            // CopyToAsync serializes the content afresh each time (ReadAsByteArrayAsync would buffer it), as a real send does.
            using var copy = new System.IO.MemoryStream();
            await content.CopyToAsync(copy);
            body = copy.ToArray();
        }

        var sent = new SentRequest(request.Method, request.RequestUri!, headers, body, length, Time.GetUtcNow());
        _sent.Enqueue(sent);
        return sent;
    }
}
