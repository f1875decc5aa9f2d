using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using OpenAIImages.Catalog;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Catalog;

/// <summary>The limits moved into the catalog's data, each checked just inside and just outside, through the public API.</summary>
public sealed class LimitBoundaryTests
{
    private const int MiB = 1024 * 1024;

    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    // Its own recorder, so a test may send a request inside the limit first.
    private static async Task<ImageValidationError> RejectedOnly(Func<ImagesClient, Task> call, string field)
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => call(api.Client()));
        Assert.Empty(api.Sent);
        ImageValidationError only = Assert.Single(error.Errors);
        Assert.Equal(field, only.Field);
        return only;
    }

    private async Task Accepted(Func<ImagesClient, Task> call)
    {
        await call(_api.Client());
        Assert.Single(_api.Sent);
    }

    private static ImageGenerationOptions Gif(int? frames = null, int? durationMs = null) =>
        new("x") { Model = ImageModel.GptImage25Sunburst, OutputFormat = ImageOutputFormat.Gif, FrameCount = frames, FrameDurationMs = durationMs };

    // A PNG header padded to the length asked for: the SDK reads the format from the first bytes and the size from the length.
    private static ImageInput PngOfLength(int length)
    {
        byte[] bytes = new byte[length];
        TestImages.Png(64, 64).CopyTo(bytes, 0);
        return ImageInput.FromBytes(bytes, "big.png");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    public async Task A_frame_count_just_outside_2_to_16_is_rejected(int frames)
    {
        ImageValidationError only = await RejectedOnly(c => c.GenerateAsync(Gif(frames)), "frame_count");

        Assert.Equal($"frame_count {frames} is out of range; allowed: 2 to 16", only.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public async Task A_frame_count_at_either_end_of_2_to_16_is_sent(int frames)
    {
        await Accepted(c => c.GenerateAsync(Gif(frames)));

        Assert.Contains($"\"frame_count\":{frames}", _api.Single.BodyText);
    }

    [Fact]
    public async Task A_frame_duration_must_be_at_least_one_millisecond()
    {
        ImageValidationError only = await RejectedOnly(c => c.GenerateAsync(Gif(durationMs: 0)), "frame_duration_ms");
        Assert.Equal("frame_duration_ms must be at least 1", only.Message);

        await Accepted(c => c.GenerateAsync(Gif(durationMs: 1)));
    }

    [Fact]
    public async Task Partial_images_out_of_range_names_the_range()
    {
        ImageValidationError only = await RejectedOnly(c => c.GenerateStreamingAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, PartialImages = 4 }).GetAsyncEnumerator().MoveNextAsync().AsTask(), "partial_images");

        Assert.Equal("partial_images 4 is out of range; allowed: 0 to 3", only.Message);
    }

    [Theory]
    [InlineData("dall-e-2", 4, "4 MB")]
    [InlineData("gpt-image-2", 50, "50 MB")]
    public async Task An_upload_one_byte_under_the_models_limit_is_sent_and_one_at_it_is_rejected(string model, int limitMiB, string shown)
    {
        await Accepted(c => c.EditAsync(new ImageEditOptions(PngOfLength((limitMiB * MiB) - 1), "x") { Model = model }));

        ImageValidationError only = await RejectedOnly(c => c.EditAsync(new ImageEditOptions(PngOfLength(limitMiB * MiB), "x") { Model = model }), "image");
        Assert.Equal($"image is {shown}; {model} accepts files smaller than {shown}", only.Message);
    }

    [Fact]
    public async Task A_dall_e_2_mask_one_byte_under_4_mb_is_sent_and_one_at_4_mb_is_rejected()
    {
        ImageInput image = ImageInput.FromBytes(TestImages.Png(64, 64));
        await Accepted(c => c.EditAsync(new ImageEditOptions(image, "x") { Model = ImageModel.DallE2, Mask = PngOfLength((4 * MiB) - 1) }));

        ImageValidationError only = await RejectedOnly(c => c.EditAsync(new ImageEditOptions(image, "x") { Model = ImageModel.DallE2, Mask = PngOfLength(4 * MiB) }), "mask");
        Assert.Equal("mask is 4 MB; dall-e-2 accepts masks smaller than 4 MB", only.Message);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("1024x1024")]
    [InlineData("1536x1024")]
    [InlineData("1024x1536")]
    public async Task An_edit_from_references_takes_each_size_of_its_closed_list(string size)
    {
        await Accepted(c => c.EditAsync(new ImageEditOptions(ImageInput.FromUrl("https://example.com/a.png"), "x") { Model = "gpt-image-9", Size = size }));
    }

    [Fact]
    public async Task An_edit_from_references_rejects_a_size_off_its_list_naming_the_list()
    {
        ImageValidationError only = await RejectedOnly(c => c.EditAsync(new ImageEditOptions(ImageInput.FromUrl("https://example.com/a.png"), "x") { Model = "gpt-image-9", Size = "512x512" }), "size");

        Assert.Equal("size '512x512' is not available for edits from image references; supported: auto, 1024x1024, 1536x1024, 1024x1536", only.Message);
    }

    [Fact]
    public async Task An_edit_from_references_caps_the_prompt_at_32000_characters_for_any_model()
    {
        ImageValidationError only = await RejectedOnly(c => c.EditAsync(new ImageEditOptions(ImageInput.FromUrl("https://example.com/a.png"), new string('a', 32001)) { Model = "gpt-image-9" }), "prompt");

        Assert.Equal("prompt is 32,001 characters; edits from image references accept at most 32,000", only.Message);
    }

    [Fact]
    public void An_image_url_is_taken_up_to_the_shared_limit_and_refused_past_it()
    {
        const string prefix = "data:image/png;base64,";
        string atLimit = prefix + new string('A', SharedRules.MaxImageUrlLength - prefix.Length);

        Assert.Equal(SharedRules.MaxImageUrlLength, atLimit.Length);
        Assert.NotNull(ImageInput.FromUrl(atLimit));
        Assert.Throws<ArgumentException>(() => ImageInput.FromUrl(atLimit + "A"));
    }

    [Fact]
    public async Task Seventeen_image_references_are_refused_with_the_shared_cap()
    {
        var references = new List<ImageInput>();
        for (int i = 0; i < 17; i++)
        {
            references.Add(ImageInput.FromUrl("https://example.com/a.png"));
        }

        ImageValidationError only = await RejectedOnly(c => c.EditAsync(new ImageEditOptions(references, "x") { Model = ImageModel.GptImage2 }), "images");

        Assert.Equal("17 images were given; at most 16 are accepted", only.Message);
    }
}
