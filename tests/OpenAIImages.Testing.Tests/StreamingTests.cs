using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

public sealed class StreamingTests
{
    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Streamed_generation_sends_partial_images_then_completed_with_usage(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);

        HttpResponseMessage response = await harness.Client.GenerateAsync("""{"model":"gpt-image-1.5","prompt":"A lighthouse","stream":true,"partial_images":2,"size":"1024x1536","quality":"low"}""");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        List<(string Event, JsonElement Data)> events = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"], events.ConvertAll(e => e.Event));
        for (int i = 0; i < events.Count; i++)
        {
            (string name, JsonElement data) = events[i];
            Assert.Equal(name, data.GetProperty("type").GetString());
            Assert.Equal((1024, 1536), Png.Size(Api.Image(data)));
            Assert.Equal("1024x1536", data.GetProperty("size").GetString());
            Assert.Equal("low", data.GetProperty("quality").GetString());
            Assert.Equal("opaque", data.GetProperty("background").GetString());
            Assert.Equal("png", data.GetProperty("output_format").GetString());
            Assert.True(data.GetProperty("created_at").GetInt64() > 0);
            if (i < 2)
            {
                Assert.Equal(i, data.GetProperty("partial_image_index").GetInt32());
            }
        }

        JsonElement usage = events[2].Data.GetProperty("usage");
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + usage.GetProperty("output_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Streamed_multipart_edit_uses_image_edit_events(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        MultipartFormDataContent form = Api.Form(("model", "gpt-image-1.5"), ("prompt", "x"), ("stream", "true"), ("partial_images", "1"))
            .WithFile("image", "image.png", Png.OnePixel);

        HttpResponseMessage response = await harness.Client.PostAsync("images/edits", form);

        List<(string Event, JsonElement Data)> events = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["image_edit.partial_image", "image_edit.completed"], events.ConvertAll(e => e.Event));
        Assert.True(events[1].Data.TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task Stream_false_answers_plain_json()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        HttpResponseMessage response = await harness.Client.GenerateAsync("""{"model":"gpt-image-1","prompt":"p","stream":false,"quality":"low"}""");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Parses <c>event: type\ndata: json\n\n</c> blocks strictly.</summary>
    private static List<(string Event, JsonElement Data)> Parse(string body)
    {
        var events = new List<(string, JsonElement)>();
        foreach (string block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string[] lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(lines[1]["data: ".Length..]));
            events.Add((lines[0]["event: ".Length..], document.RootElement.Clone()));
        }

        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        return events;
    }
}
