using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary><see cref="ImagesClient.GenerateStreamingAsync"/> and <see cref="ImagesClient.EditStreamingAsync"/> reading the emulator's event streams.</summary>
public sealed class SdkStreamingTests
{
    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task GenerateStreamingAsync_yields_two_partial_images_then_one_completed_event_with_usage(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);

        List<ImageStreamEvent> events = await ToListAsync(harness.Client.GenerateStreamingAsync(new ImageGenerationOptions("A lighthouse")
        {
            Model = ImageModel.GptImage2,
            PartialImages = 2,
            Size = ImageSize.Portrait1024x1536,
            Quality = ImageQuality.Low,
        }));

        AssertEvents(events, "image_generation", 1024, 1536);
        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/generations", sent.Path);
        Assert.Equal("true", sent.Fields["stream"]);
        Assert.Equal("2", sent.Fields["partial_images"]);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task EditStreamingAsync_yields_two_partial_images_then_one_completed_event_with_usage(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);

        List<ImageStreamEvent> events = await ToListAsync(harness.Client.EditStreamingAsync(
            new ImageEditOptions(ImageInput.FromBytes(SdkImages.Opaque(32, 32), "photo.png"), "Add a red hat")
            {
                Model = ImageModel.GptImage1,
                PartialImages = 2,
                Size = ImageSize.Landscape1536x1024,
                Quality = ImageQuality.Low,
            }));

        AssertEvents(events, "image_edit", 1536, 1024);
        ImageCompletedEvent completed = (ImageCompletedEvent)events[^1];
        Assert.True(completed.Usage!.InputTokensDetails!.ImageTokens > 0, "the input image should count as image tokens");
        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/edits", sent.Path);
        Assert.Equal("true", sent.Fields["stream"]);
        Assert.Equal("2", sent.Fields["partial_images"]);
        EmulatedFile image = Assert.Single(sent.Files);
        Assert.Equal(("image", "photo.png", "image/png"), (image.Name, image.FileName, image.ContentType));
    }

    private static void AssertEvents(List<ImageStreamEvent> events, string prefix, int width, int height)
    {
        Assert.Equal(3, events.Count);
        ImagePartialEvent[] partials = events.Take(2).Select(e => Assert.IsType<ImagePartialEvent>(e)).ToArray();
        Assert.Equal([0, 1], partials.Select(p => p.PartialImageIndex));
        Assert.All(partials, p => Assert.Equal(prefix + ".partial_image", p.Type));
        ImageCompletedEvent completed = Assert.IsType<ImageCompletedEvent>(events[2]);
        Assert.Equal(prefix + ".completed", completed.Type);
        ImageUsage usage = Assert.IsType<ImageUsage>(completed.Usage);
        Assert.True(usage.OutputTokens > 0);
        Assert.Equal(usage.InputTokens + usage.OutputTokens, usage.TotalTokens);

        foreach (ImageStreamEvent item in events)
        {
            Assert.Equal((width, height, 2), SdkImages.ReadBytes(item.Image));
            Assert.Equal(new ImageSize(width, height), item.Size);
            Assert.Equal(ImageQuality.Low, item.Quality);
            Assert.Equal(ImageOutputFormat.Png, item.OutputFormat);
        }

        // Partial images are drafts: each differs from the final image.
        byte[] final = completed.Image.Bytes.ToArray();
        Assert.All(partials, p => Assert.NotEqual(final, p.Image.Bytes.ToArray()));
    }

    private static async Task<List<ImageStreamEvent>> ToListAsync(IAsyncEnumerable<ImageStreamEvent> stream)
    {
        var list = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent item in stream)
        {
            list.Add(item);
        }

        return list;
    }
}
