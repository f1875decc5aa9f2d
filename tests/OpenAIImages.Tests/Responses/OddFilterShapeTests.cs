using System;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>Azure's filter verdicts on an image, in a shape the SDK cannot read, never cost the paid image.</summary>
public sealed class OddFilterShapeTests
{
    [Theory]
    [InlineData("\"content_filter_results\":[1]")]
    [InlineData("\"content_filter_results\":\"odd\"")]
    [InlineData("\"prompt_filter_results\":7")]
    [InlineData("\"prompt_filter_results\":[{\"violence\":{}}],\"content_filter_results\":true")]
    public async Task An_image_with_a_verdict_of_another_shape_is_returned_without_the_verdict(string verdict)
    {
        string json = "{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\"," + verdict + "}]}";
        var api = new RecordingApi().AnswerJson(json);

        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });

        GeneratedImage image = Assert.Single(result.Images);
        Assert.Equal(TestImages.ReferencePng, image.Bytes.ToArray());
        Assert.Null(image.ContentFilterResults);
        Assert.Null(image.PromptFilterResults);
    }
}
