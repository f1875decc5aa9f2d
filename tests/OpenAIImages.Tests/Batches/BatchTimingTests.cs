using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Batches;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Batches;

/// <summary>Creation sent again only once the batch is known not to exist, and a download that stalls: both on a fake clock.</summary>
[Collection(FakeClockCollection.Name)]
public sealed class BatchTimingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "batch-timing-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_creation_whose_answer_is_lost_is_found_by_its_key_and_not_sent_again()
    {
        string? created = null;
        int creations = 0;
        var api = new RecordingApi();
        var handler = new DelegateHandler(api, sent =>
        {
            switch (sent.Method.Method, sent.Uri.AbsolutePath)
            {
                case ("POST", "/v1/files"):
                    return RecordingApi.Json("{\"id\":\"file-1\"}");
                case ("POST", "/v1/batches"):
                    creations++;
                    created = "{\"id\":\"batch_made\",\"status\":\"validating\",\"created_at\":1700000000,\"metadata\":" + JsonDocument.Parse(sent.BodyText).RootElement.GetProperty("metadata").GetRawText() + "}";
                    throw new HttpRequestException("The connection was reset by the peer.", new IOException("reset"));
                default:
                    return RecordingApi.Json("{\"data\":[{\"id\":\"batch_other\",\"status\":\"completed\",\"metadata\":{\"openai_images_submit_key\":\"someone-else\"}}," + created + "],\"has_more\":false}");
            }
        });
        var client = new ImagesBatchClient(new HttpClient(handler), Options(retries: 2));

        ImagesBatch batch = await client.SubmitAsync([Line("a")]);

        Assert.Equal("batch_made", batch.Id);
        Assert.Equal(1, creations);
        Assert.Equal(["POST /v1/files", "POST /v1/batches", "GET /v1/batches"], api.Sent.Select(s => s.Method.Method + " " + s.Uri.AbsolutePath));
    }

    [Fact]
    public async Task A_creation_that_never_reached_the_service_is_sent_again_after_the_look_up()
    {
        int creations = 0;
        var api = new RecordingApi();
        var handler = new DelegateHandler(api, sent => (sent.Method.Method, sent.Uri.AbsolutePath) switch
        {
            ("POST", "/v1/files") => RecordingApi.Json("{\"id\":\"file-1\"}"),
            ("POST", "/v1/batches") when ++creations == 1 => throw new HttpRequestException("Connection refused.", new IOException("refused")),
            ("POST", "/v1/batches") => RecordingApi.Json("{\"id\":\"batch_2\",\"status\":\"validating\"}"),
            _ => RecordingApi.Json("{\"data\":[],\"has_more\":false}"),
        });
        var client = new ImagesBatchClient(new HttpClient(handler), Options(retries: 2));

        ImagesBatch batch = await client.SubmitAsync([Line("a")]);

        Assert.Equal("batch_2", batch.Id);
        Assert.Equal(["POST /v1/files", "POST /v1/batches", "GET /v1/batches", "POST /v1/batches"], api.Sent.Select(s => s.Method.Method + " " + s.Uri.AbsolutePath));
        string[] keys = api.Sent.Where(s => s.Uri.AbsolutePath == "/v1/batches" && s.Method == HttpMethod.Post)
            .Select(s => JsonDocument.Parse(s.BodyText).RootElement.GetProperty("metadata").GetProperty(ImagesBatchClient.SubmitKeyMetadata).GetString()!).ToArray();
        Assert.Single(keys.Distinct());
    }

    [Fact]
    public async Task A_creation_that_keeps_failing_ends_in_a_connection_error_once_the_retries_are_spent()
    {
        var api = new RecordingApi();
        var handler = new DelegateHandler(api, sent => (sent.Method.Method, sent.Uri.AbsolutePath) switch
        {
            ("POST", "/v1/files") => RecordingApi.Json("{\"id\":\"file-1\"}"),
            ("POST", "/v1/batches") => throw new HttpRequestException("Connection refused.", new IOException("refused")),
            _ => RecordingApi.Json("{\"data\":[],\"has_more\":false}"),
        });
        var client = new ImagesBatchClient(new HttpClient(handler), Options(retries: 2));

        await Assert.ThrowsAsync<ImagesConnectionException>(() => client.SubmitAsync([Line("a")]));

        Assert.Equal(3, api.Sent.Count(s => s.Method == HttpMethod.Post && s.Uri.AbsolutePath == "/v1/batches"));
    }

    [Fact]
    public async Task A_resubmission_with_the_callers_key_returns_the_batch_that_has_it_without_uploading()
    {
        var api = new RecordingApi().AnswerJson("{\"data\":[{\"id\":\"batch_9\",\"status\":\"in_progress\",\"metadata\":{\"openai_images_submit_key\":\"nightly-42\"}}],\"has_more\":false}");
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), Options(retries: 0));

        ImagesBatch batch = await client.SubmitAsync([Line("a")], new System.Collections.Generic.Dictionary<string, string> { [ImagesBatchClient.SubmitKeyMetadata] = "nightly-42" });

        Assert.Equal("batch_9", batch.Id);
        Assert.Equal("GET /v1/batches", api.Single.Method.Method + " " + api.Single.Uri.AbsolutePath);
    }

    [Fact]
    public async Task A_results_download_that_stalls_after_its_headers_ends_at_the_download_timeout()
    {
        var time = new FakeTimeProvider();
        byte[] start = Encoding.UTF8.GetBytes(BatchFaultTests.Success("a", BatchFaultTests.Image(1)) + "\n{\"custom_id\":\"b\",");
        var api = new RecordingApi().Answer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(start, 1000, hang: true)) });
        ImagesClientOptions options = RecordingApi.Options(o =>
        {
            FakeClock.Use(o, time);
            o.DownloadTimeout = TimeSpan.FromSeconds(30);
        });
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), options);
        var batch = new ImagesBatch("batch_1", "completed", null, "file-in", "file-out", null, new ImagesBatchRequestCounts(2, 2, 0), null, null);
        var saved = new System.Collections.Generic.List<string>();

        Task read = Task.Run(async () =>
        {
            await foreach (ImagesBatchLineResult line in client.ReadResultsAsync(batch, _folder))
            {
                saved.Add(line.CustomId);
            }
        });
        await FakeClock.Drive(time, read, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => read);
        Assert.Contains("DownloadTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(["a"], saved);
    }

    // A plain handler: a MockHttp response factory that throws leaves the attempt pending.
    private sealed class DelegateHandler(RecordingApi api, Func<SentRequest, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            respond(await api.Record(request));
    }

    private static ImagesBatchRequest Line(string id) => ImagesBatchRequest.ForGeneration(id, new ImageGenerationOptions("x") { Model = ImageModel.GptImage1 });

    private static ImagesClientOptions Options(int retries) => RecordingApi.Options(o =>
    {
        o.Retry.MaxRetries = retries;
        o.Retry.BaseDelay = TimeSpan.Zero;
        o.Retry.UseJitter = false;
    });
}
