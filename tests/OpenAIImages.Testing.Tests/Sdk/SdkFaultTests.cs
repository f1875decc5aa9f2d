using System;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary>The emulator's scripted faults and its own rejections reach the SDK as the right exceptions (retries off: one answer, one exception).</summary>
public sealed class SdkFaultTests
{
    private static ImageGenerationOptions Request => new("A lighthouse") { Model = ImageModel.GptImage1, Quality = ImageQuality.Low };

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task RateLimited_becomes_ImagesRateLimitException_with_RetryAfter(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.NoRetries);
        harness.Emulator.FailNext(1, EmulatedFault.RateLimited(TimeSpan.FromSeconds(30)));

        ImagesRateLimitException error = await Assert.ThrowsAsync<ImagesRateLimitException>(() => harness.Client.GenerateAsync(Request));

        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal("rate_limit_exceeded", error.ErrorCode);
        Assert.Matches("^req_[0-9a-f]{32}$", error.RequestId);
        Assert.Single(harness.Emulator.Requests);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task ServerError_becomes_ImagesServerException_500(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.NoRetries);
        harness.Emulator.FailNext(1, EmulatedFault.ServerError());

        ImagesServerException error = await Assert.ThrowsAsync<ImagesServerException>(() => harness.Client.GenerateAsync(Request));

        Assert.Equal(500, error.Status);
        Assert.Equal("server_error", error.ErrorType);
        Assert.Null(error.RetryAfter);
        Assert.Single(harness.Emulator.Requests);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task ContentPolicy_becomes_ImagesContentPolicyException_moderation_blocked(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.NoRetries);
        harness.Emulator.FailNext(1, EmulatedFault.ContentPolicy());

        ImagesContentPolicyException error = await Assert.ThrowsAsync<ImagesContentPolicyException>(() => harness.Client.GenerateAsync(Request));

        Assert.Equal(400, error.Status);
        Assert.Equal("moderation_blocked", error.ErrorCode);
        Assert.Equal("image_generation_user_error", error.ErrorType);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task DroppedConnection_becomes_ImagesConnectionException(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.NoRetries);
        await harness.Client.GenerateAsync(Request);
        harness.Emulator.FailNext(1, EmulatedFault.DroppedConnection());

        // Over Kestrel the connection is now a reused one; the drop must still surface, not be retried silently.
        await Assert.ThrowsAsync<ImagesConnectionException>(() => harness.Client.GenerateAsync(Request));

        Assert.Equal(2, harness.Emulator.Requests.Count);
        ImageResult next = await harness.Client.GenerateAsync(Request);
        Assert.Single(next.Images);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Status_401_invalid_api_key_becomes_ImagesAuthenticationException(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.NoRetries);
        harness.Emulator.FailNext(1, EmulatedFault.Status(401, "invalid_api_key"));

        ImagesAuthenticationException error = await Assert.ThrowsAsync<ImagesAuthenticationException>(() => harness.Client.GenerateAsync(Request));

        Assert.Equal(401, error.Status);
        Assert.Equal("invalid_api_key", error.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_wrong_key_rejected_by_the_emulator_becomes_ImagesAuthenticationException_without_the_key_in_the_message(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(
            transport,
            options =>
            {
                options.ApiKey = "sk-wrong-key-0123456789";
                options.Retry.MaxRetries = 0;
            },
            new ImagesEmulatorOptions { ApiKey = "sk-right-key" });

        ImagesAuthenticationException error = await Assert.ThrowsAsync<ImagesAuthenticationException>(() => harness.Client.GenerateAsync(Request));

        Assert.Equal("invalid_api_key", error.ErrorCode);
        Assert.DoesNotContain("sk-wrong-key-0123456789", error.Message, StringComparison.Ordinal);
        Assert.Equal("Bearer ***", Assert.Single(harness.Emulator.Requests).Headers["Authorization"]);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_request_the_emulator_rejects_becomes_ImagesBadRequestException_naming_the_param(TransportKind transport)
    {
        // The SDK would refuse dall-e-3 with n=2 itself; with validation off it reaches the emulator, which refuses it too.
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, options =>
        {
            options.ValidateRequests = false;
            options.Retry.MaxRetries = 0;
        });

        ImagesBadRequestException error = await Assert.ThrowsAsync<ImagesBadRequestException>(
            () => harness.Client.GenerateAsync(new ImageGenerationOptions("Two cats") { Model = ImageModel.DallE3, N = 2 }));

        Assert.Equal(400, error.Status);
        Assert.Equal("n", error.Param);
        Assert.Equal("invalid_value", error.ErrorCode);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.Contains("You must provide n=1 for this model (dall-e-3)", error.Message, StringComparison.Ordinal);
        Assert.Equal("2", Assert.Single(harness.Emulator.Requests).Fields["n"]);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task The_sdk_refuses_dall_e_3_with_n_2_before_sending_when_validation_is_on(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.NoRetries);

        ImageValidationException error = await Assert.ThrowsAsync<ImageValidationException>(
            () => harness.Client.GenerateAsync(new ImageGenerationOptions("Two cats") { Model = ImageModel.DallE3, N = 2 }));

        Assert.Contains(error.Errors, e => e.Field == "n");
        Assert.Empty(harness.Emulator.Requests);
    }
}
