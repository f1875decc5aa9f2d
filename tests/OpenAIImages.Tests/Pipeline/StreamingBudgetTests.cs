using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>Budgets of streamed calls: settled at the completed event, released when the call fails before the stream starts, kept when it breaks after.</summary>
public sealed class StreamingBudgetTests
{
    private static readonly ImageGenerationOptions Icon = new("an icon") { Model = ImageModel.GptImage1, Quality = ImageQuality.Low, Size = ImageSize.Square1024, PartialImages = 1 };

    private static string Event(string type, string extra) =>
        $"{{\"type\":\"{type}\",\"b64_json\":\"{Convert.ToBase64String(TestImages.Png(8, 8))}\",\"created_at\":1713833628,\"size\":\"1024x1024\",\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\"{extra}}}";

    private static readonly string Partial = $"event: image_generation.partial_image\ndata: {Event("image_generation.partial_image", ",\"partial_image_index\":0")}\n\n";

    private static readonly string Whole = Partial
        + $"event: image_generation.completed\ndata: {Event("image_generation.completed", ",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"image_tokens\":0,\"text_tokens\":12},\"output_tokens\":372,\"total_tokens\":384}")}\n\n";

    private string _body = Whole;
    private bool _failing;

    private RecordingApi Api() => new RecordingApi().Answer(_ =>
    {
        if (_failing)
        {
            return RecordingApi.Json("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}", HttpStatusCode.InternalServerError);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(_body, Encoding.UTF8) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return response;
    });

    private static ImagesClient Client(RecordingApi api, decimal amount) => api.Client(o => o.Budgets.Amount = amount);

    private static async Task<List<ImageStreamEvent>> Stream(ImagesClient client)
    {
        var events = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent e in client.GenerateStreamingAsync(Icon))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task A_stream_is_settled_at_its_completed_events_cost()
    {
        RecordingApi api = Api();
        decimal estimate = api.Client().EstimateCost(Icon).Amount!.Value;
        decimal actual = ((ImageCompletedEvent)(await Stream(api.Client()))[^1]).Cost!.Amount!.Value;
        Assert.True(actual < estimate, $"the usage ({actual}) should cost less than the estimate ({estimate})");
        ImagesClient client = Client(api, estimate + actual);

        await Stream(client);
        await Stream(client); // fits only if the first was settled at its actual cost
        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => Stream(client));

        Assert.Equal(estimate - actual, error.Remaining);
        Assert.Equal(3, api.Sent.Count); // the probe's and the two that fit
    }

    [Fact]
    public async Task A_stream_that_fails_before_it_starts_gives_its_reservation_back()
    {
        RecordingApi api = Api();
        ImagesClient client = Client(api, api.Client().EstimateCost(Icon).Amount!.Value);

        _failing = true;
        await Assert.ThrowsAsync<ImagesServerException>(() => Stream(client));
        _failing = false;
        await Stream(client);

        Assert.Equal(2, api.Sent.Count);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_it_started_keeps_its_estimate()
    {
        RecordingApi api = Api();
        decimal estimate = api.Client().EstimateCost(Icon).Amount!.Value;
        ImagesClient client = Client(api, estimate * 1.5m);

        _body = Partial; // ends before its completed image
        await Assert.ThrowsAsync<ImagesStreamException>(() => Stream(client));
        _body = Whole;
        var error = await Assert.ThrowsAsync<ImagesBudgetExceededException>(() => Stream(client));

        Assert.Equal(estimate * 0.5m, error.Remaining);
        Assert.Single(api.Sent);
    }
}
