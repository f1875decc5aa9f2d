using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.NetFx.Tests.Support;

namespace OpenAIImages.NetFx.Tests;

/// <summary>Streamed generations through the netstandard2.0 build on .NET Framework (IAsyncEnumerable from Microsoft.Bcl.AsyncInterfaces).</summary>
public sealed class StreamingTests
{
    private static string Event(string type, byte[] image, string extra) =>
        $"event: {type}\r\ndata: {{\"type\":\"{type}\",\"b64_json\":\"{Convert.ToBase64String(image)}\",\"created_at\":1713833628,\"size\":\"1024x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"png\"{extra}}}\r\n\r\n";

    [Fact]
    public async Task A_streamed_generation_yields_each_partial_image_then_the_completed_one_with_usage()
    {
        CannedApi api = CannedApi.EventStream(
            ": keep-alive\r\n\r\n"
            + Event("image_generation.partial_image", TestImages.Png1, ",\"partial_image_index\":0")
            + Event("image_generation.completed", TestImages.Png8, ",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"image_tokens\":0,\"text_tokens\":12},\"output_tokens\":4160,\"total_tokens\":4172}"));

        var events = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent e in api.Client().GenerateStreamingAsync(new ImageGenerationOptions("a fox") { Model = ImageModel.GptImage2, PartialImages = 1 }))
        {
            events.Add(e);
        }

        Assert.Contains("\"stream\":true", api.Single.BodyText, StringComparison.Ordinal);
        Assert.Contains("\"partial_images\":1", api.Single.BodyText, StringComparison.Ordinal);
        Assert.Equal(new[] { "image_generation.partial_image", "image_generation.completed" }, events.Select(e => e.Type));
        ImagePartialEvent partial = Assert.IsType<ImagePartialEvent>(events[0]);
        Assert.Equal(0, partial.PartialImageIndex);
        Assert.Equal(TestImages.Png1, partial.Image.Bytes.ToArray());
        ImageCompletedEvent completed = Assert.IsType<ImageCompletedEvent>(events[1]);
        Assert.Equal(TestImages.Png8, completed.Image.Bytes.ToArray());
        Assert.Equal(4172, completed.Usage!.TotalTokens);
    }
}
