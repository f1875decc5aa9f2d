using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>Once a success status has arrived the generation is made and paid for: whatever fails after, it is never sent again.</summary>
public sealed class PaidOnceTests : IDisposable
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    private readonly RecordingApi _api = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "openaiimages-paid-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private ImagesClient Client() => _api.Client(o =>
    {
        o.Retry.MaxRetries = 3;
        o.Retry.BaseDelay = TimeSpan.Zero;
    });

    [Fact]
    public async Task A_body_that_breaks_off_after_200_is_not_retried()
    {
        _api.Answer(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes("{\"created\":1,\"data\":[{\"b64_json\":\"iVBO"), int.MaxValue, fail: true)),
        });

        await Assert.ThrowsAnyAsync<ImagesException>(() => Client().GenerateAsync(Request));

        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task A_failed_url_download_while_saving_to_files_does_not_send_the_generation_again()
    {
        _api.Handler.When("https://cdn.test/*").Respond(HttpStatusCode.Forbidden);
        _api.Answer(_ => RecordingApi.Json("{\"created\":1,\"data\":[{\"url\":\"https://cdn.test/a.png\"}]}"));

        var error = await Assert.ThrowsAsync<ImagesDownloadException>(() => Client().GenerateToFilesAsync(Request, _dir));

        Assert.Equal(403, error.Status);
        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task An_unreadable_200_is_not_retried()
    {
        _api.AnswerJson("{\"created\":1,\"data\":[{\"b64_json\":\"not base64!\"}]}");

        await Assert.ThrowsAsync<ImagesInvalidResponseException>(() => Client().GenerateAsync(Request));

        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task A_503_before_any_answer_is_still_retried()
    {
        int calls = 0;
        _api.Answer(_ => Interlocked.Increment(ref calls) == 1
            ? RecordingApi.Json("{\"error\":{\"message\":\"busy\"}}", HttpStatusCode.ServiceUnavailable)
            : RecordingApi.Json(RecordingApi.SuccessJson()));

        ImageResult result = await Client().GenerateAsync(Request);

        Assert.Single(result.Images);
        Assert.Equal(2, _api.Sent.Count);
    }
}
