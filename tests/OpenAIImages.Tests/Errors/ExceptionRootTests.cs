using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Errors;

/// <summary>One <c>catch (ImagesException)</c> covers every way a well-formed call can fail.</summary>
[Collection(FakeClockCollection.Name)]
public sealed class ExceptionRootTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    private readonly RecordingApi _api = new();

    private static async Task<ImagesException> CaughtByTheRoot(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (ImagesException caught)
        {
            return caught;
        }

        throw new Xunit.Sdk.XunitException("The call did not fail.");
    }

    [Fact]
    public async Task An_api_error_is_an_images_exception()
    {
        _api.AnswerJson("{\"error\":{\"message\":\"bad size\",\"type\":\"image_generation_user_error\",\"code\":\"invalid_value\",\"param\":\"size\"}}", HttpStatusCode.BadRequest);

        ImagesException error = await CaughtByTheRoot(() => _api.Client().GenerateAsync(Request));

        Assert.IsType<ImagesBadRequestException>(error);
    }

    [Fact]
    public async Task A_timeout_is_an_images_exception()
    {
        var time = new FakeTimeProvider();
        var client = new ImagesClient(new HttpClient(new HangingHandler(_api)), RecordingApi.Options(o =>
        {
            o.TimeProvider = time;
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
        }));

        ImagesException error = await CaughtByTheRoot(() => FakeClock.Run(time, client.GenerateAsync(Request), TimeSpan.FromSeconds(1)));

        Assert.IsType<ImagesTimeoutException>(error);
    }

    [Fact]
    public async Task A_client_side_rate_limit_refusal_is_an_images_exception()
    {
        _api.AnswerJson(RecordingApi.SuccessJson());
        ImagesClient client = _api.Client(o =>
        {
            o.RateLimits.ImagesPerMinute["gpt-image-2"] = 1;
            o.RateLimits.MaxWait = TimeSpan.Zero;
        });
        await client.GenerateAsync(Request);

        ImagesException error = await CaughtByTheRoot(() => client.GenerateAsync(Request));

        Assert.IsType<ImagesClientRateLimitException>(error);
        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task A_broken_stream_is_an_images_exception()
    {
        string partial = "event: image_generation.partial_image\ndata: {\"type\":\"image_generation.partial_image\",\"b64_json\":\""
            + Convert.ToBase64String(TestImages.ReferencePng) + "\",\"partial_image_index\":0}\n\n";
        _api.Answer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(partial, Encoding.UTF8, "text/event-stream") });

        ImagesException error = await CaughtByTheRoot(async () =>
        {
            await foreach (ImageStreamEvent _ in _api.Client().GenerateStreamingAsync(Request with { PartialImages = 1 }))
            {
            }
        });

        Assert.IsType<ImagesStreamException>(error);
    }

    [Fact]
    public async Task A_connection_failure_and_an_unreadable_answer_are_images_exceptions()
    {
        _api.Handler.Fallback.Respond(_ => throw new HttpRequestException("Connection refused"));
        Assert.IsType<ImagesConnectionException>(await CaughtByTheRoot(() => _api.Client().GenerateAsync(Request)));

        var api = new RecordingApi().AnswerJson("<html>proxy</html>");
        Assert.IsType<ImagesInvalidResponseException>(await CaughtByTheRoot(() => api.Client().GenerateAsync(Request)));
    }

    [Fact]
    public async Task A_request_that_breaks_the_rules_is_an_argument_exception_not_an_images_exception()
    {
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => _api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, N = 2 }));

        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Empty(_api.Sent);
    }

    [Fact]
    public async Task An_input_file_that_cannot_be_read_is_a_validation_error_naming_the_field()
    {
        string gone = Path.Combine(Path.GetTempPath(), "openaiimages-gone-" + Guid.NewGuid().ToString("N") + ".png");
        File.WriteAllBytes(gone, TestImages.ReferencePng);
        ImageInput input = ImageInput.FromFile(gone);
        File.Delete(gone); // removed between building the request and sending it

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => _api.Client().EditAsync(new ImageEditOptions([input], "x") { Model = ImageModel.GptImage2 }));

        Assert.Equal("image[0]", Assert.Single(error.Errors).Field);
        Assert.Empty(_api.Sent);
    }
}
