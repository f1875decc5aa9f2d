using System;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Requests;

/// <summary>Edits from images already online: chosen automatically when the inputs are references, sent as JSON.</summary>
public sealed class JsonEditTests
{
    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    [Fact]
    public async Task References_are_sent_as_the_json_form_of_edits()
    {
        var options = new ImageEditOptions([ImageInput.FromUrl("https://example.com/room.png"), ImageInput.FromFileId("file-123")], "put the lamp in the room")
        {
            Model = ImageModel.GptImage2,
            Mask = ImageInput.FromFileId("file-mask"),
            Moderation = ImageModeration.Low,
            Size = ImageSize.Landscape1536x1024,
            SafetyIdentifier = "u-9",
        };

        await _api.Client().EditAsync(options);

        SentRequest sent = _api.Single;
        Assert.Equal("https://api.test/v1/images/edits", sent.Uri.AbsoluteUri);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal(
            "{\"model\":\"gpt-image-2\",\"images\":[{\"image_url\":\"https://example.com/room.png\"},{\"file_id\":\"file-123\"}],\"mask\":{\"file_id\":\"file-mask\"},\"prompt\":\"put the lamp in the room\",\"size\":\"1536x1024\",\"moderation\":\"low\",\"safety_identifier\":\"u-9\"}",
            sent.BodyText);
    }

    [Fact]
    public async Task A_data_url_is_a_reference_too_and_is_never_printed()
    {
        string dataUrl = "data:image/png;base64," + Convert.ToBase64String(TestImages.ReferencePng);
        var input = ImageInput.FromUrl(dataUrl);

        await _api.Client().EditAsync(new ImageEditOptions(input, "x") { Model = ImageModel.GptImage15 });

        Assert.Contains("\"image_url\":\"" + dataUrl + "\"", _api.Single.BodyText);
        Assert.Equal("data URL", input.ToString());
        Assert.True(input.IsReference);
    }

    [Fact]
    public async Task References_and_uploads_cannot_be_mixed()
    {
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => _api.Client().EditAsync(
            new ImageEditOptions([ImageInput.FromFileId("file-1"), ImageInput.FromBytes(TestImages.Png(8, 8))], "x") { Model = ImageModel.GptImage2 }));

        Assert.StartsWith("the images mix references (URLs or file ids) with files to upload", error.Errors.Single().Message);
        Assert.Empty(_api.Sent);
    }

    [Fact]
    public async Task The_json_form_has_its_own_rules()
    {
        var dalle = await Assert.ThrowsAsync<ImageValidationException>(() => _api.Client().EditAsync(new ImageEditOptions(ImageInput.FromFileId("f"), "x") { Model = ImageModel.DallE2 }));
        Assert.Equal("dall-e-2 edits take uploaded files only; image references (URLs, file ids) need a GPT image model", dalle.Errors.Single().Message);

        var size = await Assert.ThrowsAsync<ImageValidationException>(() => _api.Client().EditAsync(new ImageEditOptions(ImageInput.FromFileId("f"), "x") { Model = ImageModel.GptImage2, Size = "2048x2048" }));
        Assert.Equal("size '2048x2048' is not available for edits from image references; supported: auto, 1024x1024, 1536x1024, 1024x1536", size.Errors.Single().Message);

        var moderation = await Assert.ThrowsAsync<ImageValidationException>(() => _api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.Png(8, 8)), "x") { Model = ImageModel.GptImage2, Moderation = ImageModeration.Low }));
        Assert.StartsWith("moderation applies only to edits from image references", moderation.Errors.Single().Message);
        Assert.Empty(_api.Sent);
    }

    [Theory]
    [InlineData("http://example.com/a.png")]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("data:text/plain;base64,AAAA")]
    [InlineData("")]
    public void Only_https_and_image_data_urls_are_references(string url)
    {
        Assert.Throws<ArgumentException>(() => ImageInput.FromUrl(url));
    }
}
