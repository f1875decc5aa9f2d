using System;
using System.Net;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Errors;

/// <summary>Error bodies that are not valid Unicode, or that carry their code only inside Azure's inner error, still become the SDK's typed exceptions.</summary>
public sealed class HostileErrorBodyTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    [Theory]
    [InlineData("{\"error\":{\"message\":\"bad \\ud800 value\",\"type\":\"invalid_request_error\",\"param\":\"size\",\"code\":\"invalid_value\"}}", "message")]
    [InlineData("{\"error\":{\"message\":\"bad value\",\"type\":\"invalid_request_error\",\"param\":\"si\\udc00ze\",\"code\":\"invalid_value\"}}", "param")]
    [InlineData("{\"error\":{\"message\":\"bad value\",\"type\":\"invalid_\\ud83d\",\"param\":null,\"code\":\"invalid_\\udfff\"}}", "code")]
    [InlineData("{\"error\":\"a lone \\udbff surrogate\"}", "error")]
    public async Task A_lone_surrogate_in_the_error_body_is_still_a_typed_error_with_its_text(string body, string where)
    {
        var api = new RecordingApi().AnswerJson(body, HttpStatusCode.BadRequest);

        var error = await Assert.ThrowsAsync<ImagesBadRequestException>(() => api.Client().GenerateAsync(Request));

        Assert.Equal(400, error.Status);
        Assert.Equal("req_test", error.RequestId);
        Assert.False(string.IsNullOrEmpty(error.Details.ServerMessage), where);
    }

    [Fact]
    public async Task An_azure_refusal_with_its_code_only_in_the_inner_error_is_a_content_policy_error()
    {
        const string body = "{\"error\":{\"message\":\"Your request was rejected as a result of our safety system.\",\"inner_error\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_results\":{\"violence\":{\"filtered\":true,\"severity\":\"medium\"}}}}}";
        var api = new RecordingApi().AnswerJson(body, HttpStatusCode.BadRequest);

        var error = await Assert.ThrowsAsync<ImagesContentPolicyException>(() => api.Client().GenerateAsync(Request));

        Assert.Equal("ResponsibleAIPolicyViolation", error.ErrorCode);
        Assert.True(error.ContentFilterResults!["violence"].Filtered);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(" .. ")]
    [InlineData("a%2Fb")]
    public void An_azure_deployment_name_that_would_change_the_path_is_refused_when_the_client_is_built(string deployment)
    {
        var options = new ImagesClientOptions { ApiKey = "k", Azure = new ImagesAzureOptions { Endpoint = new Uri("https://res.openai.azure.com/"), Deployment = deployment } };

        var error = Assert.Throws<ArgumentException>(() => new ImagesClient(options));

        Assert.Contains("ImagesClientOptions.Azure.Deployment", error.Message, StringComparison.Ordinal);
    }
}
