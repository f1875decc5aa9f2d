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

/// <summary>
/// An event's JSON and base64 are read where they lie in the read buffer: the images must come out the same whatever
/// the chunking, however the data lines are split, and whatever escapes or padding the base64 text has.
/// </summary>
public sealed class StreamDecodeInPlaceTests
{
    private static readonly byte[] Partial = TestImages.Png(24, 24);
    private static readonly byte[] Final = TestImages.Png(40, 40);
    private static readonly ImageGenerationOptions Request = new("A lighthouse") { Model = ImageModel.GptImage15, PartialImages = 1 };

    private static string Json(string type, string b64, string extra = "") =>
        $"{{\"type\":\"{type}\",\"b64_json\":\"{b64}\",\"created_at\":1713833628,\"output_format\":\"png\"{extra}}}";

    private static ImagesClient Streaming(Stream body)
    {
        var api = new RecordingApi().Answer(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return response;
        });
        return api.Client();
    }

    private static async Task<List<ImageStreamEvent>> Collect(string body, int chunk)
    {
        var all = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent e in Streaming(new ChunkedStream(Encoding.UTF8.GetBytes(body), chunk)).GenerateStreamingAsync(Request))
        {
            all.Add(e);
        }

        return all;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task Events_of_one_and_of_several_data_lines_give_the_same_images_whatever_the_chunking(int chunk)
    {
        string partial = Json("image_generation.partial_image", Convert.ToBase64String(Partial), ",\"partial_image_index\":0");
        string final = Json("image_generation.completed", Convert.ToBase64String(Final));
        int split = final.IndexOf(",\"created_at\"", StringComparison.Ordinal);
        string body = "event: image_generation.partial_image\r\ndata: " + partial + "\r\n\r\n"
            + ": keep-alive\n\n"
            + "event: image_generation.completed\ndata: " + final[..split] + "\ndata: " + final[split..] + "\n\n";

        List<ImageStreamEvent> events = await Collect(body, chunk);

        Assert.Equal(2, events.Count);
        Assert.Equal(Partial, Assert.IsType<ImagePartialEvent>(events[0]).Image.Bytes.ToArray());
        Assert.Equal(Final, Assert.IsType<ImageCompletedEvent>(events[1]).Image.Bytes.ToArray());
        Assert.Equal("image_generation.completed", events[1].Type);
    }

    [Fact]
    public async Task An_empty_data_line_after_the_json_joins_as_a_trailing_line_feed()
    {
        string body = "data: " + Json("image_generation.completed", Convert.ToBase64String(Final)) + "\ndata:\n\n";

        List<ImageStreamEvent> events = await Collect(body, 3);

        Assert.Equal(Final, Assert.Single(events).Image.Bytes.ToArray());
    }

    [Fact]
    public async Task Base64_with_escaped_slashes_decodes_to_the_same_image()
    {
        byte[] image = TestImages.Png(64, 64);
        string b64 = Convert.ToBase64String(image);
        Assert.Contains('/', b64); // else the escape below would test nothing
        string body = "data: " + Json("image_generation.completed", b64.Replace("/", "\\/", StringComparison.Ordinal)) + "\n\n";

        List<ImageStreamEvent> events = await Collect(body, 5);

        Assert.Equal(image, Assert.Single(events).Image.Bytes.ToArray());
    }

    [Theory]
    [InlineData("QUJD=")]
    [InlineData("QUJ")]
    [InlineData("QU=D")]
    public async Task Base64_that_is_not_valid_is_a_stream_error(string b64)
    {
        string body = "data: " + Json("image_generation.completed", b64) + "\n\n";

        var error = await Assert.ThrowsAsync<ImagesStreamException>(() => Collect(body, 1000));

        Assert.Contains("not valid base64", error.Message);
    }

    [Fact]
    public async Task A_data_line_cut_off_before_its_blank_line_is_a_dropped_connection()
    {
        string body = "data: " + Json("image_generation.completed", Convert.ToBase64String(Final)) + "\n";

        var error = await Assert.ThrowsAsync<ImagesStreamException>(() => Collect(body, 2));

        Assert.Contains("ended before the completed image arrived", error.Message);
    }
}
