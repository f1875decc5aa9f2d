using System;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary>The SDK's retries end to end against the emulator's scripted faults (real time, 10 ms backoff).</summary>
public sealed class SdkRetryTests
{
    private static ImageGenerationOptions Request => new("A lighthouse") { Model = ImageModel.GptImage1Mini, Quality = ImageQuality.Low };

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Two_server_errors_are_retried_and_the_third_attempt_succeeds_each_with_the_key(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.FastRetries);
        harness.Emulator.FailNext(2, EmulatedFault.ServerError());

        ImageResult result = await harness.Client.GenerateAsync(Request);

        Assert.Equal((1024, 1024, 2), SdkImages.ReadBytes(Assert.Single(result.Images)));
        Assert.Equal(3, harness.Emulator.Requests.Count);
        Assert.All(harness.Emulator.Requests, request =>
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("/v1/images/generations", request.Path);
            Assert.Equal("Bearer ***", request.Headers["Authorization"]);
            Assert.Equal("gpt-image-1-mini", request.Fields["model"]);
        });
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Three_server_errors_exhaust_two_retries_and_surface_as_ImagesServerException(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.FastRetries);
        harness.Emulator.FailNext(3, EmulatedFault.ServerError());

        ImagesServerException error = await Assert.ThrowsAsync<ImagesServerException>(() => harness.Client.GenerateAsync(Request));

        Assert.Equal(500, error.Status);
        Assert.Equal(3, harness.Emulator.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_dropped_connection_is_retried(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.FastRetries);
        harness.Emulator.FailNext(1, EmulatedFault.DroppedConnection());

        ImageResult result = await harness.Client.GenerateAsync(Request);

        Assert.Single(result.Images);
        Assert.Equal(2, harness.Emulator.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_multipart_edit_is_rebuilt_for_each_attempt(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.FastRetries);
        harness.Emulator.FailNext(1, EmulatedFault.ServerError());
        byte[] photo = SdkImages.Opaque(32, 32);

        ImageResult result = await harness.Client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(photo, "photo.png"), "Add a hat")
        {
            Model = ImageModel.GptImage2,
            Quality = ImageQuality.Low,
        });

        Assert.Single(result.Images);
        Assert.Equal(2, harness.Emulator.Requests.Count);
        Assert.All(harness.Emulator.Requests, request =>
        {
            EmulatedFile file = Assert.Single(request.Files);
            Assert.Equal(("image", "photo.png", "image/png", (long)photo.Length), (file.Name, file.FileName, file.ContentType, file.Length));
            Assert.Equal("Add a hat", request.Fields["prompt"]);
        });
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_retry_after_longer_than_MaxServerDelay_fails_at_once_with_ImagesRateLimitException(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, options =>
        {
            SdkHarness.FastRetries(options);
            options.Retry.MaxServerDelay = TimeSpan.FromMilliseconds(100);
        });
        harness.Emulator.FailNext(1, EmulatedFault.RateLimited(TimeSpan.FromSeconds(1)));

        ImagesRateLimitException error = await Assert.ThrowsAsync<ImagesRateLimitException>(() => harness.Client.GenerateAsync(Request));

        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Single(harness.Emulator.Requests);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_retry_after_within_MaxServerDelay_is_waited_out_and_retried(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.FastRetries);
        harness.Emulator.FailNext(1, EmulatedFault.RateLimited(TimeSpan.Zero));

        ImageResult result = await harness.Client.GenerateAsync(Request);

        Assert.Single(result.Images);
        Assert.Equal(2, harness.Emulator.Requests.Count);
        Assert.Equal(["/v1/images/generations", "/v1/images/generations"], harness.Emulator.Requests.Select(r => r.Path));
    }
}
