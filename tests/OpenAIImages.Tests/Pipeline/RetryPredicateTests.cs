using System;
using System.Net;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>The retry rule, alone: which failures the client sends again.</summary>
public sealed class RetryPredicateTests
{
    [Theory]
    [InlineData(408, true)]
    [InlineData(409, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(422, false)]
    [InlineData(501, false)]
    public async Task A_status_is_transient_only_when_the_service_may_answer_differently_soon(int status, bool transient)
    {
        ImagesApiException error = await Failure(status, shouldRetry: null);

        Assert.Equal(transient, ImagesRetryPredicates.IsTransient(error));
        Assert.Equal(transient, ImagesRetryPredicates.IsTransientStatus(status));
    }

    [Theory]
    [InlineData(503, "false", false)]
    [InlineData(400, "true", true)]
    public async Task The_servers_x_should_retry_header_overrides_the_status(int status, string header, bool transient) =>
        Assert.Equal(transient, ImagesRetryPredicates.IsTransient(await Failure(status, header)));

    [Fact]
    public void Connections_and_attempt_timeouts_are_transient_the_overall_timeout_and_other_failures_are_not()
    {
        Assert.True(ImagesRetryPredicates.IsTransient(new ImagesConnectionException("reset", null)));
        Assert.True(ImagesRetryPredicates.IsTransient(new ImagesTimeoutException("attempt", TimeSpan.FromSeconds(1), true, null)));
        Assert.False(ImagesRetryPredicates.IsTransient(new ImagesTimeoutException("overall", TimeSpan.FromSeconds(1), false, null)));
        Assert.False(ImagesRetryPredicates.IsTransient(new ImagesCredentialException("no key", null)));
        Assert.False(ImagesRetryPredicates.IsTransient(new InvalidOperationException()));
        Assert.Throws<ArgumentNullException>(() => ImagesRetryPredicates.IsTransient(null!));
    }

    private static async Task<ImagesApiException> Failure(int status, string? shouldRetry)
    {
        var api = new RecordingApi().Answer(_ =>
        {
            var response = RecordingApi.Json("{\"error\":{\"message\":\"no\"}}", (HttpStatusCode)status);
            if (shouldRetry is not null)
            {
                response.Headers.Add("x-should-retry", shouldRetry);
            }

            return response;
        });
        return await Assert.ThrowsAnyAsync<ImagesApiException>(() => api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 }));
    }
}
