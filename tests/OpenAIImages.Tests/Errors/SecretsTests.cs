using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Errors;

/// <summary>A server that echoes the key (or a bearer token) anywhere it can never gets it into a message or <c>ToString()</c>.</summary>
public sealed class SecretsTests
{
    private const string Key = "sk-live-SECRETSECRET-0123456789";
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.SECRETTOKEN.signature";

    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    public static TheoryData<int, string?> Statuses => new()
    {
        { 400, null }, { 400, "moderation_blocked" }, { 401, null }, { 403, null }, { 404, null }, { 409, null },
        { 418, null }, { 422, null }, { 429, null }, { 500, null }, { 503, null },
    };

    private static HttpResponseMessage Echo(int status, string? code)
    {
        string json = $"{{\"error\":{{\"message\":\"Incorrect API key provided: {Key}. Authorization: Bearer {Token}\",\"type\":\"type {Key}\",\"param\":\"param {Key}\",\"code\":\"{code ?? "code " + Key}\"}}}}";
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            ReasonPhrase = "Echo " + Key,
        };
        response.Headers.TryAddWithoutValidation("x-request-id", "req " + Key);
        return response;
    }

    private static void AssertClean(Exception error)
    {
        foreach (string text in new[] { error.Message, error.ToString() })
        {
            Assert.DoesNotContain("SECRETSECRET", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRETTOKEN", text, StringComparison.Ordinal);
        }

        if (error is ImagesApiException api)
        {
            foreach (string? field in new[] { api.ErrorType, api.ErrorCode, api.Param, api.RequestId, api.Details.ServerMessage })
            {
                Assert.DoesNotContain("SECRETSECRET", field ?? string.Empty, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task An_error_that_echoes_the_key_everywhere_is_redacted(int status, string? code)
    {
        var api = new RecordingApi().Answer(_ => Echo(status, code));

        ImagesException error = await Assert.ThrowsAnyAsync<ImagesException>(() => api.Client(o => o.ApiKey = Key).GenerateAsync(Request));

        AssertClean(error);
        Assert.Contains("***", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_from_the_provider_is_redacted_too()
    {
        var api = new RecordingApi().Answer(_ => Echo(401, null));

        ImagesException error = await Assert.ThrowsAnyAsync<ImagesException>(() => api.Client(o =>
        {
            o.ApiKey = null;
            o.ApiKeyProvider = _ => new ValueTask<string>("rotating-key-SECRETSECRET-77");
        }).GenerateAsync(Request));

        AssertClean(error);
    }

    [Fact]
    public async Task An_unreadable_success_that_echoes_the_key_is_redacted()
    {
        var api = new RecordingApi().AnswerJson("{\"created\":1,\"data\":[{\"b64_json\":\"" + Key + "\"}]}", requestId: "req " + Key);

        ImagesException error = await Assert.ThrowsAnyAsync<ImagesException>(() => api.Client(o => o.ApiKey = Key).GenerateAsync(Request));

        AssertClean(error);
    }

    [Fact]
    public void The_options_describe_themselves_without_the_key_or_a_url_password()
    {
        var options = new ImagesClientOptions { ApiKey = Key, BaseAddress = new Uri("https://user:hunter2-SECRETSECRET@proxy.test/v1/") };

        string text = options.ToString();

        Assert.DoesNotContain("SECRETSECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("https://proxy.test/v1/", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_failure_to_a_base_address_with_a_password_does_not_show_it()
    {
        var api = new RecordingApi();
        api.Handler.Fallback.Respond(_ => throw new HttpRequestException("Connection refused"));

        ImagesException error = await Assert.ThrowsAnyAsync<ImagesException>(() => api.Client(o => o.BaseAddress = new Uri("https://user:hunter2@proxy.test/v1/")).GenerateAsync(Request));

        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }
}
