using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>Streamed generations and edits: the request, the server-sent events, and every way a stream can go wrong.</summary>
public sealed class StreamingTests
{
    private static readonly byte[] Partial0 = TestImages.Png(8, 8);
    private static readonly byte[] Partial1 = TestImages.Png(16, 16);
    private static readonly byte[] Final = TestImages.Png(32, 32);

    private static string Event(string type, byte[] image, string extra) =>
        $"{{\"type\":\"{type}\",\"b64_json\":\"{Convert.ToBase64String(image)}\",\"created_at\":1713833628,\"size\":\"1024x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"png\"{extra}}}";

    /// <summary>A stream in the shape OpenAI sends: event and data lines, a keep-alive comment, CRLF line ends.</summary>
    private static string RecordedStream(string prefix = "image_generation") =>
        ": keep-alive\r\n\r\n"
        + $"event: {prefix}.partial_image\r\ndata: {Event(prefix + ".partial_image", Partial0, ",\"partial_image_index\":0")}\r\n\r\n"
        + $"event: {prefix}.partial_image\ndata: {Event(prefix + ".partial_image", Partial1, ",\"partial_image_index\":1")}\n\n"
        + $"event: {prefix}.completed\r\ndata: {Event(prefix + ".completed", Final, ",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"image_tokens\":0,\"text_tokens\":12},\"output_tokens\":4160,\"total_tokens\":4172}")}\r\n\r\n";

    private static (RecordingApi Api, ImagesClient Client) Streaming(Stream body)
    {
        var api = new RecordingApi().Answer(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            response.Headers.Add("x-request-id", "req_stream");
            return response;
        });
        return (api, api.Client());
    }

    private static async Task<List<ImageStreamEvent>> Collect(IAsyncEnumerable<ImageStreamEvent> events)
    {
        var all = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent e in events)
        {
            all.Add(e);
        }

        return all;
    }

    private static readonly ImageGenerationOptions Request = new("A lighthouse") { Model = ImageModel.GptImage15, PartialImages = 2 };

    [Fact]
    public async Task The_stream_request_body_is_byte_for_byte_what_the_official_sdk_sends()
    {
        ReferenceRequest reference = ReferenceRequest.Load("generate-stream.txt");
        (RecordingApi api, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes(RecordedStream())));

        await Collect(client.GenerateStreamingAsync(new ImageGenerationOptions("A lighthouse") { Model = ImageModel.GptImage15, PartialImages = 1 }));

        Assert.Equal(Encoding.UTF8.GetString(reference.Body), api.Single.BodyText);
        Assert.Equal("application/json", api.Single.Header("Accept"));
    }

    [Fact]
    public async Task A_streamed_edit_sends_the_official_sdks_parts_with_stream_true()
    {
        ReferenceRequest reference = ReferenceRequest.Load("edit-stream.txt");
        (RecordingApi api, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes(RecordedStream("image_edit"))));

        List<ImageStreamEvent> events = await Collect(client.EditStreamingAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.ReferencePng, "image.png"), "x") { Model = ImageModel.GptImage15, PartialImages = 2 }));

        Assert.Equal(FormPart.Parse(reference.Body, reference.Boundary!).Select(p => p.Key).Order(), api.Single.Parts.Select(p => p.Key).Order());
        Assert.Equal(["image_edit.partial_image", "image_edit.partial_image", "image_edit.completed"], events.Select(e => e.Type));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public async Task Partial_and_completed_events_parse_whatever_the_chunk_boundaries(int chunk)
    {
        (_, ImagesClient client) = Streaming(new ChunkedStream(Encoding.UTF8.GetBytes(RecordedStream()), chunk));

        List<ImageStreamEvent> events = await Collect(client.GenerateStreamingAsync(Request));

        Assert.Equal(3, events.Count);
        var partials = events.OfType<ImagePartialEvent>().ToList();
        Assert.Equal([0, 1], partials.Select(p => p.PartialImageIndex));
        Assert.Equal(Partial0, partials[0].Image.Bytes.ToArray());
        Assert.Equal(Partial1, partials[1].Image.Bytes.ToArray());
        var completed = Assert.IsType<ImageCompletedEvent>(events[2]);
        Assert.Equal(Final, completed.Image.Bytes.ToArray());
        Assert.Equal(new ImageUsage(12, 4160, 4172, new ImageTokenDetails(12, 0), null), completed.Usage);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1713833628), completed.CreatedAt);
        Assert.Equal((ImageSize.Square1024, ImageQuality.High, ImageBackground.Opaque, ImageOutputFormat.Png), (completed.Size!.Value, completed.Quality!.Value, completed.Background!.Value, completed.OutputFormat!.Value));
        Assert.Equal(".png", completed.Image.FileExtension);
    }

    [Fact]
    public async Task A_done_marker_ends_the_stream_and_multi_line_data_is_joined()
    {
        string json = Event("image_generation.completed", Final, string.Empty);
        int split = json.IndexOf(",\"b64_json\"", StringComparison.Ordinal);
        string body = "data: " + json[..split] + "\ndata: " + json[split..] + "\n\n" + "data: [DONE]\n\n" + "data: this is never read\n\n";
        (_, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        List<ImageStreamEvent> events = await Collect(client.GenerateStreamingAsync(Request));

        Assert.Equal(Final, Assert.IsType<ImageCompletedEvent>(Assert.Single(events)).Image.Bytes.ToArray());
    }

    [Fact]
    public async Task A_stream_that_breaks_off_before_the_completed_image_is_a_clear_error()
    {
        string full = RecordedStream();
        (_, ImagesClient client) = Streaming(new ChunkedStream(Encoding.UTF8.GetBytes(full[..(full.LastIndexOf("event:", StringComparison.Ordinal) + 100)]), 64));
        var seen = new List<ImageStreamEvent>();

        var error = await Assert.ThrowsAsync<ImagesStreamException>(async () =>
        {
            await foreach (ImageStreamEvent e in client.GenerateStreamingAsync(Request))
            {
                seen.Add(e);
            }
        });

        Assert.Equal(2, seen.Count);
        Assert.Contains("ended before the completed image arrived", error.Message);
        Assert.Equal("req_stream", error.RequestId);
    }

    [Theory]
    [InlineData(": only a comment\n\n", "ended before the completed image")]
    [InlineData("data: {not json\n\n", "not valid JSON")]
    [InlineData("data: {\"type\":\"image_generation.completed\",\"b64_json\":\"@@@\"}\n\n", "not valid base64")]
    public async Task A_malformed_event_is_a_clear_error(string body, string message)
    {
        (_, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        var error = await Assert.ThrowsAsync<ImagesStreamException>(() => Collect(client.GenerateStreamingAsync(Request)));

        Assert.Contains(message, error.Message);
    }

    public static TheoryData<string> LineEndings() => new() { "\n", "\r\n", "\r" };

    // CR-only, LF and CRLF line ends, split at every chunk size (a CRLF split between reads must not make a blank line).
    [Theory]
    [MemberData(nameof(LineEndings))]
    public async Task Every_line_ending_of_the_standard_is_read_whatever_the_chunking(string eol)
    {
        string body = RecordedStream().Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", eol, StringComparison.Ordinal);
        foreach (int chunk in new[] { 1, 2, 3, 1000 })
        {
            (_, ImagesClient client) = Streaming(new ChunkedStream(Encoding.UTF8.GetBytes(body), chunk));

            List<ImageStreamEvent> events = await Collect(client.GenerateStreamingAsync(Request));

            Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"], events.Select(e => e.Type));
            Assert.Equal(Final, events[2].Image.Bytes.ToArray());
        }
    }

    [Fact]
    public async Task A_leading_byte_order_mark_does_not_drop_the_first_event()
    {
        string body = "data: " + Event("image_generation.partial_image", Partial0, ",\"partial_image_index\":0") + "\n\n"
            + "data: " + Event("image_generation.completed", Final, string.Empty) + "\n\n";
        (_, ImagesClient client) = Streaming(new ChunkedStream([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(body)], 1));

        List<ImageStreamEvent> events = await Collect(client.GenerateStreamingAsync(Request));

        Assert.Equal(Partial0, Assert.IsType<ImagePartialEvent>(events[0]).Image.Bytes.ToArray());
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task Unknown_event_types_comments_and_other_fields_are_skipped()
    {
        string body = ": a comment\n"
            + "retry: 1000\nid: 7\nfuture-field: x\n\n"
            + "event: image_generation.progress\ndata: {\"type\":\"image_generation.progress\",\"percent\":50}\n\n"
            + "data: {\"type\":\"response.something_new\"}\n\n"
            + ":keep-alive\n\n"
            + "data: " + Event("image_generation.completed", Final, string.Empty) + "\n\n";
        (_, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        List<ImageStreamEvent> events = await Collect(client.GenerateStreamingAsync(Request));

        Assert.Equal(Final, Assert.IsType<ImageCompletedEvent>(Assert.Single(events)).Image.Bytes.ToArray());
    }

    [Fact]
    public async Task Data_lines_are_joined_with_line_feeds_and_a_field_without_a_space_is_read_too()
    {
        // JSON allows a line feed between tokens: an event whose data lines, joined with LF, are one object.
        string body = "data:{\"type\":\"image_generation.completed\",\ndata: \"b64_json\":\"" + Convert.ToBase64String(Final) + "\"\ndata:}\n\n";
        (_, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        List<ImageStreamEvent> events = await Collect(client.GenerateStreamingAsync(Request));

        Assert.Equal(Final, Assert.Single(events).Image.Bytes.ToArray());
    }

    [Theory]
    [InlineData(",\"created_at\":\"yesterday\"", "created_at is String")]
    [InlineData(",\"created_at\":1e300", "created_at is not a whole number")]
    [InlineData(",\"usage\":{\"total_tokens\":-1}", "total_tokens is not a whole number")]
    [InlineData(",\"usage\":{\"input_tokens\":\"many\"}", "input_tokens is String")]
    [InlineData(",\"size\":\"\\udc00\"", "malformed")]
    public async Task An_event_with_a_field_of_the_wrong_type_is_a_stream_error(string extra, string message)
    {
        string json = "{\"type\":\"image_generation.completed\",\"b64_json\":\"" + Convert.ToBase64String(Final) + "\"" + extra + "}";
        (_, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes("data: " + json + "\n\n")));

        var error = await Assert.ThrowsAsync<ImagesStreamException>(() => Collect(client.GenerateStreamingAsync(Request)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("req_stream", error.RequestId);
    }

    [Fact]
    public async Task A_completed_event_without_an_image_is_a_stream_error()
    {
        (_, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes("data: {\"type\":\"image_generation.completed\",\"b64_json\":null}\n\n")));

        var error = await Assert.ThrowsAsync<ImagesStreamException>(() => Collect(client.GenerateStreamingAsync(Request)));

        Assert.Contains("has no b64_json string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_event_never_shows_a_key_the_server_echoed()
    {
        string body = "event: error\ndata: {\"error\":{\"message\":\"Bad key sk-proj-abcdefghijklmnop\",\"code\":\"invalid_api_key\",\"type\":\"Bearer sk-proj-abcdefghijklmnop\",\"param\":null}}\n\n";
        (_, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        var error = await Assert.ThrowsAsync<ImagesStreamException>(() => Collect(client.GenerateStreamingAsync(Request)));

        Assert.Equal("The event stream reported an error: Bad key ***", error.Message);
        Assert.Equal("invalid_api_key", error.ErrorCode);
        Assert.DoesNotContain("abcdefghijklmnop", error.ErrorType, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnop", error.Details.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_fails_mid_stream_is_a_stream_error_with_the_cause_inside()
    {
        string first = "data: " + Event("image_generation.partial_image", Partial0, ",\"partial_image_index\":0") + "\n\n";
        (_, ImagesClient client) = Streaming(new ChunkedStream(Encoding.UTF8.GetBytes(first), int.MaxValue, fail: true));
        var seen = new List<ImageStreamEvent>();

        var error = await Assert.ThrowsAsync<ImagesStreamException>(async () =>
        {
            await foreach (ImageStreamEvent e in client.GenerateStreamingAsync(Request))
            {
                seen.Add(e);
            }
        });

        Assert.Single(seen);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public async Task An_error_event_mid_stream_becomes_a_typed_exception_with_its_code()
    {
        string body = "data: " + Event("image_generation.partial_image", Partial0, ",\"partial_image_index\":0") + "\n\n"
            + "data: {\"type\":\"error\",\"error\":{\"type\":\"image_generation_user_error\",\"code\":\"moderation_blocked\",\"message\":\"Your request was rejected by the safety system.\",\"param\":null}}\n\n";
        (_, ImagesClient client) = Streaming(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        var error = await Assert.ThrowsAsync<ImagesStreamException>(() => Collect(client.GenerateStreamingAsync(Request)));

        Assert.Equal("moderation_blocked", error.ErrorCode);
        Assert.Contains("rejected by the safety system", error.Message);
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_at_once_and_closes_the_connection()
    {
        string first = "data: " + Event("image_generation.partial_image", Partial0, ",\"partial_image_index\":0") + "\n\n";
        var body = new ChunkedStream(Encoding.UTF8.GetBytes(first), 4096, hang: true);
        (_, ImagesClient client) = Streaming(body);
        using var cts = new CancellationTokenSource();
        var seen = new List<ImageStreamEvent>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ImageStreamEvent e in client.GenerateStreamingAsync(Request, cts.Token))
            {
                seen.Add(e);
                cts.Cancel();
            }
        });

        Assert.Single(seen);
        Assert.True(body.Disposed, "the response body is disposed, which closes the connection");
    }

    [Fact]
    public async Task Streaming_rules_are_checked_before_sending()
    {
        var api = new RecordingApi();
        ImagesClient client = api.Client();

        var dalle = await Assert.ThrowsAsync<ImageValidationException>(async () => await client.GenerateStreamingAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 }).GetAsyncEnumerator().MoveNextAsync());
        Assert.StartsWith("stream is not supported by dall-e-3; models that stream: gpt-image-1", dalle.Errors.Single().Message);

        var tooMany = await Assert.ThrowsAsync<ImageValidationException>(async () => await client.GenerateStreamingAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, PartialImages = 4 }).GetAsyncEnumerator().MoveNextAsync());
        Assert.Equal("partial_images 4 is out of range; allowed: 0 to 3", tooMany.Errors.Single().Message);

        var notStreaming = await Assert.ThrowsAsync<ImageValidationException>(() => client.GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, PartialImages = 1 }));
        Assert.Equal("partial_images applies to streamed responses only; call GenerateStreamingAsync", notStreaming.Errors.Single().Message);
        Assert.Empty(api.Sent);
    }

    [Fact]
    public async Task An_error_status_before_the_stream_starts_is_the_usual_typed_exception()
    {
        var api = new RecordingApi().AnswerJson("{\"error\":{\"message\":\"Invalid size\",\"type\":\"invalid_request_error\",\"param\":\"size\",\"code\":null}}", HttpStatusCode.BadRequest);

        var error = await Assert.ThrowsAsync<ImagesBadRequestException>(() => Collect(api.Client().GenerateStreamingAsync(Request)));

        Assert.Equal("size", error.Param);
    }
}
