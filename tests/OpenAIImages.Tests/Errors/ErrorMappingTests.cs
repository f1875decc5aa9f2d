using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Errors;

/// <summary>Error responses become typed exceptions with status, code, request id and Retry-After, and never show the key.</summary>
public sealed class ErrorMappingTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    private static string ErrorJson(string message, string type, string? code, string? param = null) =>
        $"{{\"error\":{{\"message\":\"{message}\",\"type\":\"{type}\",\"param\":{(param is null ? "null" : $"\"{param}\"")},\"code\":{(code is null ? "null" : $"\"{code}\"")}}}}}";

    private static async Task<ImagesApiException> Fails(Func<SentRequest, HttpResponseMessage> respond)
    {
        var api = new RecordingApi().Answer(respond);
        return await Assert.ThrowsAnyAsync<ImagesApiException>(() => api.Client().GenerateAsync(Request));
    }

    public static TheoryData<int, string, string?, Type> Mappings => new()
    {
        { 400, "invalid_request_error", "invalid_value", typeof(ImagesBadRequestException) },
        { 422, "invalid_request_error", null, typeof(ImagesBadRequestException) },
        { 400, "invalid_request_error", "content_policy_violation", typeof(ImagesContentPolicyException) },
        { 400, "image_generation_user_error", "moderation_blocked", typeof(ImagesContentPolicyException) },

        // The live service uses image_generation_user_error for ordinary validation errors: the code decides.
        { 400, "image_generation_user_error", "invalid_value", typeof(ImagesBadRequestException) },
        { 400, "image_generation_user_error", "invalid_input_fidelity_model", typeof(ImagesBadRequestException) },
        { 400, "image_generation_user_error", null, typeof(ImagesBadRequestException) },
        { 400, "image_generation_user_error", "model_not_found", typeof(ImagesNotFoundException) },
        { 400, "invalid_request_error", "contentFilter", typeof(ImagesContentPolicyException) },
        { 401, "invalid_request_error", "401", typeof(ImagesAuthenticationException) },
        { 401, "invalid_request_error", "invalid_api_key", typeof(ImagesAuthenticationException) },
        { 403, "invalid_request_error", "unsupported_country_region_territory", typeof(ImagesPermissionException) },
        { 404, "invalid_request_error", null, typeof(ImagesNotFoundException) },
        { 400, "invalid_request_error", "model_not_found", typeof(ImagesNotFoundException) },
        { 429, "requests", "rate_limit_exceeded", typeof(ImagesRateLimitException) },
        { 429, "insufficient_quota", "insufficient_quota", typeof(ImagesRateLimitException) },
        { 500, "server_error", null, typeof(ImagesServerException) },
        { 503, "server_error", null, typeof(ImagesServerException) },
        { 409, "invalid_request_error", null, typeof(ImagesApiException) },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task Each_status_and_code_maps_to_its_exception_with_every_detail(int status, string type, string? code, Type expected)
    {
        var error = await Fails(_ => RecordingApi.Json(ErrorJson("Something is off.", type, code, "size"), (HttpStatusCode)status, "req_abc123"));

        Assert.Equal(expected, error.GetType());
        Assert.Equal(status, error.Status);
        Assert.Equal(type, error.ErrorType);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal("size", error.Param);
        Assert.Equal("req_abc123", error.RequestId);
        Assert.Equal("Something is off.", error.Details.ServerMessage);
        Assert.StartsWith($"The Images API answered {status}", error.Message);
        Assert.Contains("Something is off.", error.Message);
        Assert.Contains("request id req_abc123", error.Message);
    }

    [Fact]
    public async Task A_retired_model_is_a_not_found_error_that_says_so()
    {
        var error = await Fails(_ => RecordingApi.Json(ErrorJson("The model `dall-e-3` has been deprecated.", "invalid_request_error", "model_not_found"), HttpStatusCode.BadRequest));

        var notFound = Assert.IsType<ImagesNotFoundException>(error);
        Assert.Contains("dall-e-3` has been deprecated", notFound.Message);
    }

    [Theory]
    [InlineData("retry-after-ms", "1500", 1.5)]
    [InlineData("Retry-After", "20", 20)]
    public async Task Retry_after_is_read_from_milliseconds_or_seconds(string header, string value, double seconds)
    {
        var error = await Fails(_ =>
        {
            var response = RecordingApi.Json(ErrorJson("Slow down.", "requests", "rate_limit_exceeded"), HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation(header, value);
            return response;
        });

        Assert.Equal(TimeSpan.FromSeconds(seconds), error.RetryAfter);
        Assert.Contains($"retry after {seconds} s", error.Message);
    }

    [Fact]
    public async Task Retry_after_ms_wins_over_retry_after_and_an_http_date_is_understood()
    {
        var both = await Fails(_ =>
        {
            var response = RecordingApi.Json("{}", HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("retry-after-ms", "250");
            response.Headers.TryAddWithoutValidation("Retry-After", "30");
            return response;
        });
        Assert.Equal(TimeSpan.FromMilliseconds(250), both.RetryAfter);

        var date = await Fails(_ =>
        {
            var response = RecordingApi.Json("{}", HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(2));
            return response;
        });
        Assert.InRange(date.RetryAfter!.Value.TotalSeconds, 100, 121);
    }

    [Fact]
    public async Task An_html_502_from_a_proxy_is_a_typed_server_error_with_a_readable_message()
    {
        var error = await Fails(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>", Encoding.UTF8, "text/html"),
        });

        var server = Assert.IsType<ImagesServerException>(error);
        Assert.Equal(502, server.Status);
        Assert.Null(server.ErrorCode);
        Assert.Equal("The Images API answered 502 Bad Gateway: the response body was not OpenAI's error JSON (text/html): 502 Bad Gateway 502 Bad Gateway nginx.", server.Message);
    }

    [Fact]
    public async Task An_empty_error_body_still_gives_status_and_a_message()
    {
        var error = await Fails(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new ByteArrayContent([]) });

        Assert.IsType<ImagesServerException>(error);
        Assert.Equal("The Images API answered 503 Service Unavailable: the response had an empty body.", error.Message);
    }

    [Fact]
    public async Task An_error_body_in_another_shape_is_still_read()
    {
        var stringError = await Fails(_ => RecordingApi.Json("{\"error\":\"quota exceeded\"}", HttpStatusCode.TooManyRequests));
        Assert.Equal("quota exceeded", stringError.Details.ServerMessage);

        var numericCode = await Fails(_ => RecordingApi.Json("{\"error\":{\"message\":\"bad\",\"code\":400}}", HttpStatusCode.BadRequest));
        Assert.Equal("400", numericCode.ErrorCode);

        var truncated = await Fails(_ => RecordingApi.Json("{\"error\":{\"message\":\"cut", HttpStatusCode.InternalServerError));
        Assert.Contains("not OpenAI's error JSON", truncated.Message);
    }

    [Fact]
    public async Task The_api_key_never_appears_even_when_the_server_echoes_it()
    {
        var error = await Fails(_ => RecordingApi.Json(
            ErrorJson($"Incorrect API key provided: {RecordingApi.ApiKey}. Another: sk-proj-AbCdEf123456.", "invalid_request_error", "invalid_api_key"),
            HttpStatusCode.Unauthorized));

        Assert.IsType<ImagesAuthenticationException>(error);
        foreach (string text in new[] { error.Message, error.ToString(), error.Details.ToString(), error.Details.ServerMessage })
        {
            Assert.DoesNotContain(RecordingApi.ApiKey, text);
            Assert.DoesNotContain("sk-proj-AbCdEf123456", text);
        }

        Assert.Contains("Incorrect API key provided: ***", error.Message);
    }

    [Fact]
    public void The_options_never_show_the_key()
    {
        var options = RecordingApi.Options();

        Assert.DoesNotContain(RecordingApi.ApiKey, options.ToString());
        Assert.Contains("ApiKey = ***", options.ToString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_on_success_is_a_typed_error()
    {
        var api = new RecordingApi().Answer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>oops</html>") });

        var error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(() => api.Client().GenerateAsync(Request));

        Assert.Equal(200, error.Status);
        Assert.Contains("its body could not be read", error.Message);
    }
}
