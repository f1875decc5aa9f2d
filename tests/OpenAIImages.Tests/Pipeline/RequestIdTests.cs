using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>The request id a result carries: shown as the server sent it, unless it holds something secret.</summary>
public sealed class RequestIdTests
{
    private const string Answer = """{"created":1767225600,"data":[{"url":"https://files.test/img-1.png"}]}""";

    private static readonly ImageGenerationOptions Request = new("A lighthouse") { Model = ImageModel.GptImage2 };

    [Theory]
    [InlineData("req_7f3c2a9b41d84e0f9a6b5c3d2e1f0a9b")]
    [InlineData("0b8e6a52-91f4-4c1e-9d2a-7e5f3c1b0a98")]
    public async Task A_plain_request_id_is_shown_as_sent(string id)
    {
        ImagesClient client = new RecordingApi().AnswerJson(Answer, requestId: id).Client();

        ImageResult result = await client.GenerateAsync(Request);

        Assert.Equal(id, result.RequestId);
    }

    [Theory]
    [InlineData("req_" + RecordingApi.ApiKey, "req_***")]
    [InlineData("req_SK-abcdef123456", "req_***")]
    [InlineData("req Bearer abcdefgh12345678", "req Bearer ***")]
    public async Task A_request_id_holding_a_key_or_token_is_redacted(string id, string shown)
    {
        ImagesClient client = new RecordingApi().AnswerJson(Answer, requestId: id).Client();

        ImageResult result = await client.GenerateAsync(Request);

        Assert.Equal(shown, result.RequestId);
    }
}
