using System.Net;
using System.Threading.Tasks;
using OpenAIImages.NetFx.Tests.Support;

namespace OpenAIImages.NetFx.Tests;

/// <summary>Bad input refused before sending, and the service's errors as typed exceptions, on .NET Framework.</summary>
public sealed class ValidationAndErrorTests
{
    [Fact]
    public async Task A_size_dall_e_3_does_not_take_is_refused_naming_the_field_before_sending()
    {
        CannedApi api = CannedApi.Json(CannedApi.ImagesJson(TestImages.Png8));

        ImageValidationException error = await Assert.ThrowsAsync<ImageValidationException>(() =>
            api.Client().GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.DallE3, Size = "512x512" }));

        ImageValidationError only = Assert.Single(error.Errors);
        Assert.Equal("size", only.Field);
        Assert.Equal("size '512x512' is not supported by dall-e-3; supported: 1024x1024, 1792x1024, 1024x1792", only.Message);
        Assert.Empty(api.Sent);
    }

    [Fact]
    public async Task A_moderation_refusal_is_an_ImagesContentPolicyException_with_the_services_words()
    {
        CannedApi api = CannedApi.Json(
            "{\"error\":{\"message\":\"Your request was rejected by the safety system.\",\"type\":\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\"}}",
            HttpStatusCode.BadRequest);

        ImagesContentPolicyException error = await Assert.ThrowsAsync<ImagesContentPolicyException>(() =>
            api.Client().GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2 }));

        Assert.Equal(400, error.Status);
        Assert.Equal("moderation_blocked", error.ErrorCode);
        Assert.Contains("Your request was rejected by the safety system.", error.Message, System.StringComparison.Ordinal);
        Assert.Equal("req_netfx", error.RequestId);
    }
}
