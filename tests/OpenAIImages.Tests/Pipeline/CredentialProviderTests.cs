using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>What a key or token provider gives is checked before it is sent; a provider that fails or hangs ends the call in the SDK's exceptions.</summary>
public sealed class CredentialProviderTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sk-abc\ndef")]
    [InlineData("sk-abc\r\nX-Injected: 1")]
    [InlineData("sk-abc\0")]
    public async Task An_unusable_key_from_the_provider_is_a_credential_error_and_nothing_is_sent(string? key)
    {
        var error = await Assert.ThrowsAsync<ImagesCredentialException>(() => _api.Client(o =>
        {
            o.ApiKey = null;
            o.ApiKeyProvider = _ => new ValueTask<string>(key!);
        }).GenerateAsync(Request));

        Assert.Contains("ImagesClientOptions.ApiKeyProvider", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-abc", error.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Sent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("eyJ0eXAi\r\n")]
    public async Task An_unusable_azure_token_is_a_credential_error_and_nothing_is_sent(string? token)
    {
        var error = await Assert.ThrowsAsync<ImagesCredentialException>(() => _api.Client(o =>
        {
            o.ApiKey = null;
            o.Azure = new ImagesAzureOptions { Endpoint = new Uri("https://res.openai.azure.com/"), Deployment = "images", TokenProvider = (_, _) => new ValueTask<string>(token!) };
        }).GenerateAsync(Request));

        Assert.Contains("ImagesClientOptions.Azure.TokenProvider", error.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Sent);
    }

    [Fact]
    public async Task A_provider_that_throws_is_a_credential_error_with_its_exception_inside_and_redacted()
    {
        var error = await Assert.ThrowsAsync<ImagesCredentialException>(() => _api.Client(o =>
        {
            o.ApiKey = null;
            o.ApiKeyProvider = _ => throw new InvalidOperationException("vault said no to sk-proj-secretsecretsecret1234");
        }).GenerateAsync(Request));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.DoesNotContain("secretsecret", error.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Sent);
    }

    [Fact]
    public async Task A_provider_that_ignores_cancellation_does_not_hold_the_call_past_its_timeout()
    {
        var time = new FakeTimeProvider();
        var never = new TaskCompletionSource<string>();
        ImagesClient client = _api.Client(o =>
        {
            o.ApiKey = null;
            o.ApiKeyProvider = _ => new ValueTask<string>(never.Task);
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(10);
        });

        Task<ImageResult> call = client.GenerateAsync(Request);
        time.Advance(TimeSpan.FromSeconds(11));

        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(error.IsAttemptTimeout);
        Assert.Empty(_api.Sent);
    }

    [Fact]
    public async Task Cancelling_while_the_provider_hangs_ends_the_call_as_cancelled()
    {
        var never = new TaskCompletionSource<string>();
        using var cts = new CancellationTokenSource();
        ImagesClient client = _api.Client(o =>
        {
            o.ApiKey = null;
            o.ApiKeyProvider = _ => new ValueTask<string>(never.Task);
        });

        Task<ImageResult> call = client.GenerateAsync(Request, cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(_api.Sent);
    }
}
