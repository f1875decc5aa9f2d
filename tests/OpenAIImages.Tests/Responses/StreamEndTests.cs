using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>How an image stream may end: only after its completed image; anything earlier is a lost image the caller must hear of.</summary>
public sealed class StreamEndTests
{
    private static readonly ImageGenerationOptions Request = new("A lighthouse") { Model = ImageModel.GptImage2, PartialImages = 1 };

    private static string Partial => "event: image_generation.partial_image\ndata: {\"type\":\"image_generation.partial_image\",\"b64_json\":\"" + Convert.ToBase64String(TestImages.Png(8, 8)) + "\",\"partial_image_index\":0}\n\n";

    private static string Completed => "event: image_generation.completed\ndata: {\"type\":\"image_generation.completed\",\"b64_json\":\"" + Convert.ToBase64String(TestImages.Png(16, 16)) + "\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}}\n\n";

    public static TheoryData<string, int> EarlyEnds => new()
    {
        { string.Empty, 0 },
        { ": keep-alive\n\n", 0 },
        { "data: [DONE]\n\n", 0 },
        { Partial, 1 },
        { Partial + "data: [DONE]\n\n", 1 },
        { Partial + "event: image_generation.completed\ndata: {\"type\":\"image_generation.comp", 1 },
    };

    [Theory]
    [MemberData(nameof(EarlyEnds))]
    public async Task A_stream_that_ends_before_its_completed_image_is_a_stream_exception(string body, int partialsFirst)
    {
        var seen = new List<ImageStreamEvent>();

        var error = await Assert.ThrowsAsync<ImagesStreamException>(async () =>
        {
            await foreach (ImageStreamEvent item in Client(body).GenerateStreamingAsync(Request))
            {
                seen.Add(item);
            }
        });

        Assert.Equal(partialsFirst, seen.Count);
        Assert.All(seen, e => Assert.IsType<ImagePartialEvent>(e));
        Assert.Contains("before the completed image", error.Message, StringComparison.Ordinal);
        Assert.Equal("req_stream", error.RequestId);
    }

    [Theory]
    [InlineData("data\n\n")]
    [InlineData("data\r\n\r\n")]
    [InlineData("data\ndata\n\n")]
    [InlineData("event: image_generation.partial_image\ndata\n\n")]
    public async Task A_data_line_without_a_colon_is_an_empty_field_and_is_skipped(string empty)
    {
        var seen = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent item in Client(empty + Partial + empty + Completed).GenerateStreamingAsync(Request))
        {
            seen.Add(item);
        }

        Assert.Collection(seen, e => Assert.IsType<ImagePartialEvent>(e), e => Assert.IsType<ImageCompletedEvent>(e));
    }

    [Fact]
    public async Task Done_after_the_completed_image_ends_the_stream_normally()
    {
        var seen = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent item in Client(Partial + Completed + "data: [DONE]\n\n").GenerateStreamingAsync(Request))
        {
            seen.Add(item);
        }

        Assert.Equal(2, seen.Count);
        Assert.Equal(TestImages.Png(16, 16), Assert.IsType<ImageCompletedEvent>(seen[1]).Image.Bytes.ToArray());
    }

    private static ImagesClient Client(string body)
    {
        var api = new RecordingApi().Answer(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            response.Headers.Add("x-request-id", "req_stream");
            return response;
        });
        return api.Client();
    }
}
