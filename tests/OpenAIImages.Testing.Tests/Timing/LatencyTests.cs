using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Testing.Tests.Sdk;
using OpenAIImages.Testing.Tests.Support;
using SkiaSharp;

namespace OpenAIImages.Testing.Tests.Timing;

/// <summary>The latency profile: answers and streamed events take the service's time on the emulator's clock, and a fake clock keeps the tests instant.</summary>
public sealed class LatencyTests
{
    [Fact]
    public void Realistic_profile_takes_longer_at_higher_quality_and_none_takes_no_time()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), EmulatedLatency.Realistic.For("gpt-image-1", "low"));
        Assert.Equal(TimeSpan.FromSeconds(60), EmulatedLatency.Realistic.For("gpt-image-1", "high"));
        Assert.Equal(TimeSpan.FromSeconds(12), EmulatedLatency.Realistic.For("dall-e-3", "standard"));
        Assert.Equal(TimeSpan.Zero, EmulatedLatency.None.For("gpt-image-1", "high"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), EmulatedLatency.Parse("250").For("dall-e-2", "standard"));
        Assert.Same(EmulatedLatency.Realistic, EmulatedLatency.Parse("realistic"));
        Assert.Throws<ArgumentException>(() => EmulatedLatency.Parse("soon"));
        Assert.Equal(TimeSpan.FromSeconds(3), EmulatedLatency.From((model, quality) => TimeSpan.FromSeconds(model == "dall-e-2" ? 3 : 9)).For("dall-e-2", "standard"));
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Json_answer_comes_after_the_profiles_time_on_the_emulators_clock(TransportKind transport)
    {
        var clock = new FakeTimeProvider();
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, emulatorOptions: new ImagesEmulatorOptions { TimeProvider = clock, Latency = EmulatedLatency.Realistic });

        Task<ImageResult> call = harness.Client.GenerateAsync(new ImageGenerationOptions("A lighthouse") { Model = ImageModel.DallE3, ResponseFormat = ImageResponseFormat.Base64Json });
        (ImageResult result, TimeSpan elapsed) = await FakeClockDriver.RunAsync(clock, call);

        Assert.Single(result.Images);
        Assert.True(elapsed >= TimeSpan.FromSeconds(12), $"answered after {elapsed} of emulated time");
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Streamed_partials_arrive_spaced_through_the_latency_and_converge_on_the_final_image(TransportKind transport)
    {
        var clock = new FakeTimeProvider();
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, emulatorOptions: new ImagesEmulatorOptions { TimeProvider = clock, Latency = EmulatedLatency.Fixed(TimeSpan.FromSeconds(30)) });

        await using IAsyncEnumerator<ImageStreamEvent> events = harness.Client.GenerateStreamingAsync(new ImageGenerationOptions("A lighthouse")
        {
            Model = ImageModel.GptImage1,
            PartialImages = 2,
            Size = ImageSize.Square1024,
            Quality = ImageQuality.Low,
        }).GetAsyncEnumerator();

        var arrivals = new List<TimeSpan>();
        var images = new List<byte[]>();
        TimeSpan total = TimeSpan.Zero;
        for (int i = 0; i < 3; i++)
        {
            (bool more, TimeSpan waited) = await FakeClockDriver.RunAsync(clock, events.MoveNextAsync().AsTask());
            Assert.True(more);
            total += waited;
            arrivals.Add(total);
            images.Add(events.Current.Image.Bytes.ToArray());
        }

        Assert.IsType<ImageCompletedEvent>(events.Current);
        Assert.True(arrivals[0] >= TimeSpan.FromSeconds(10), $"first partial at {arrivals[0]}");
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromSeconds(10), $"second partial {arrivals[1] - arrivals[0]} after the first");
        Assert.True(arrivals[2] - arrivals[1] >= TimeSpan.FromSeconds(10), $"final image {arrivals[2] - arrivals[1]} after the second partial");

        using SKBitmap final = SKBitmap.Decode(images[2]);
        using SKBitmap first = SKBitmap.Decode(images[0]);
        using SKBitmap second = SKBitmap.Decode(images[1]);
        Assert.Equal(final.GetPixel(512, 512), first.GetPixel(512 + 7, 512 + 9)); // the first partial is 16-pixel blocks of the final
        Assert.Equal(final.GetPixel(800, 96), second.GetPixel(800 + 5, 96 + 3)); // the second 8-pixel blocks
        Assert.NotEqual(final.Bytes, second.Bytes); // but rougher
        Assert.NotEqual(second.Bytes, first.Bytes);
    }
}
