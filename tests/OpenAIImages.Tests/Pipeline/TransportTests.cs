using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>The transport's part of a call (retries off): the URL, the headers, and every failure as one of the SDK's exceptions.</summary>
public sealed class TransportTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    private readonly RecordingApi _api = new();

    private ImagesClient Client(Action<ImagesClientOptions>? configure = null) => _api.Client(configure);

    [Fact]
    public async Task A_success_comes_back_with_auth_user_agent_organization_and_project_headers()
    {
        _api.AnswerJson(RecordingApi.SuccessJson());

        ImageResult result = await Client(o =>
        {
            o.Organization = "org-1";
            o.Project = "proj-1";
        }).GenerateAsync(Request);

        SentRequest sent = _api.Single;
        Assert.Equal("https://api.test/v1/images/generations", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + RecordingApi.ApiKey, sent.Header("Authorization"));
        Assert.Equal("org-1", sent.Header("OpenAI-Organization"));
        Assert.Equal("proj-1", sent.Header("OpenAI-Project"));
        Assert.StartsWith("OpenAIImages/", sent.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Equal(TestImages.ReferencePng, result.Images[0].Bytes.ToArray());
    }

    [Theory]
    [InlineData(400, null, typeof(ImagesBadRequestException))]
    [InlineData(401, null, typeof(ImagesAuthenticationException))]
    [InlineData(403, null, typeof(ImagesPermissionException))]
    [InlineData(404, null, typeof(ImagesNotFoundException))]
    [InlineData(429, null, typeof(ImagesRateLimitException))]
    [InlineData(503, null, typeof(ImagesServerException))]
    [InlineData(400, "moderation_blocked", typeof(ImagesContentPolicyException))]
    [InlineData(418, null, typeof(ImagesApiException))]
    public async Task An_error_status_becomes_its_typed_exception(int status, string? code, Type expected)
    {
        _api.AnswerJson($"{{\"error\":{{\"message\":\"no\",\"type\":\"x\",\"code\":{(code is null ? "null" : "\"" + code + "\"")}}}}}", (HttpStatusCode)status);

        ImagesApiException error = await Assert.ThrowsAnyAsync<ImagesApiException>(() => Client().GenerateAsync(Request));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.Status);
        Assert.Equal("req_test", error.RequestId);
    }

    [Fact]
    public async Task A_connection_failure_is_an_images_connection_exception_with_the_cause_inside()
    {
        _api.Handler.Fallback.Respond(_ => throw new HttpRequestException("Connection refused", new IOException("reset")));

        var error = await Assert.ThrowsAsync<ImagesConnectionException>(() => Client().GenerateAsync(Request));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains("https://api.test/v1/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_from_the_provider_with_a_line_break_is_refused_before_anything_is_sent()
    {
        _api.AnswerJson(RecordingApi.SuccessJson());

        var error = await Assert.ThrowsAsync<ImagesCredentialException>(() => Client(o =>
        {
            o.ApiKey = null;
            o.ApiKeyProvider = _ => new ValueTask<string>("sk-rotated\r\nX-Injected: 1");
        }).GenerateAsync(Request));

        Assert.Contains("line break", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-rotated", error.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Sent);
    }

    [Theory]
    [InlineData("ApiKey")]
    [InlineData("Organization")]
    [InlineData("Project")]
    public void A_header_value_with_a_line_break_is_refused_when_the_client_is_built(string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new ImagesClient(new HttpClient(_api.Handler), RecordingApi.Options(o =>
        {
            switch (field)
            {
                case "ApiKey": o.ApiKey = "sk-abc\nX-Injected: 1"; break;
                case "Organization": o.Organization = "org\r\nX-Injected: 1"; break;
                default: o.Project = "proj\nX-Injected: 1"; break;
            }
        })));

        Assert.Contains($"ImagesClientOptions.{field} must not contain a line break", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_azure_request_id_serves_when_x_request_id_is_missing()
    {
        _api.Answer(_ =>
        {
            HttpResponseMessage response = RecordingApi.Json("{\"error\":{\"code\":\"401\",\"message\":\"Access denied\"}}", HttpStatusCode.Unauthorized, requestId: null);
            response.Headers.TryAddWithoutValidation("apim-request-id", "apim-123");
            return response;
        });

        var error = await Assert.ThrowsAsync<ImagesAuthenticationException>(() => Client().GenerateAsync(Request));

        Assert.Equal("apim-123", error.RequestId);
    }
}
