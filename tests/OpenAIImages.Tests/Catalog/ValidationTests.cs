using System;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Catalog;

/// <summary>Every rule of the model catalog, checked through the public API: the error names field, value and rule, and nothing is sent.</summary>
public sealed class ValidationTests
{
    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    private static ImageInput Png(int width = 64, int height = 64, bool alpha = true, string name = "image.png") =>
        ImageInput.FromBytes(TestImages.Png(width, height, alpha), name);

    private async Task<ImageValidationException> Rejected(Func<ImagesClient, Task> call)
    {
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => call(_api.Client()));
        Assert.Empty(_api.Sent);
        return error;
    }

    private Task<ImageValidationException> Rejected(ImageGenerationOptions options) => Rejected(c => c.GenerateAsync(options));

    private async Task Accepted(Func<ImagesClient, Task> call)
    {
        await call(_api.Client());
        Assert.Single(_api.Sent);
    }

    private Task Accepted(ImageGenerationOptions options) => Accepted(c => c.GenerateAsync(options));

    private static ImageValidationError Only(ImageValidationException error, string field)
    {
        ImageValidationError only = Assert.Single(error.Errors);
        Assert.Equal(field, only.Field);
        return only;
    }

    [Fact]
    public async Task Unsupported_size_for_dall_e_3_names_the_value_the_model_and_the_supported_sizes()
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, Size = ImageSize.Square512 });

        ImageValidationError only = Only(error, "size");
        Assert.Equal("512x512", only.Value);
        Assert.Equal("size '512x512' is not supported by dall-e-3; supported: 1024x1024, 1792x1024, 1024x1792", only.Message);
        Assert.Contains(only.Message, error.Message);
        Assert.Equal("size", error.ParamName);
        Assert.IsAssignableFrom<ArgumentException>(error);
    }

    [Fact]
    public async Task Every_violation_is_reported_at_once_and_nothing_is_sent()
    {
        var error = await Rejected(new ImageGenerationOptions(" ")
        {
            Model = ImageModel.DallE3, N = 2, Size = "256x256", Quality = ImageQuality.Low, Background = ImageBackground.Opaque,
        });

        Assert.Equal(["prompt", "n", "size", "quality", "background"], error.Errors.Select(e => e.Field));
        Assert.StartsWith("The request was not sent; 5 problems:", error.Message);
        Assert.All(error.Errors, e => Assert.Contains(e.Message, error.Message));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_missing_or_blank_prompt_is_rejected(string? prompt)
    {
        var error = await Rejected(new ImageGenerationOptions(prompt!) { Model = ImageModel.GptImage2 });

        Assert.Equal("prompt is required and cannot be empty or white space", Only(error, "prompt").Message);
    }

    [Theory]
    [InlineData("dall-e-2", 1000)]
    [InlineData("dall-e-3", 4000)]
    [InlineData("gpt-image-1.5", 32000)]
    public async Task A_prompt_longer_than_the_model_takes_is_rejected_and_one_at_the_limit_is_sent(string model, int max)
    {
        var error = await Rejected(new ImageGenerationOptions(new string('a', max + 1)) { Model = model });
        Assert.Contains($"accepts at most {max:N0}", Only(error, "prompt").Message);

        await Accepted(new ImageGenerationOptions(new string('a', max)) { Model = model });
    }

    [Theory]
    [InlineData("dall-e-3", 2, "n 2 is out of range; dall-e-3 creates exactly 1 image per request")]
    [InlineData("gpt-image-1", 11, "n 11 is out of range; allowed: 1 to 10 for gpt-image-1")]
    [InlineData("dall-e-2", 0, "n 0 is out of range; allowed: 1 to 10 for dall-e-2")]
    [InlineData("some-future-model", 11, "n 11 is out of range; allowed: 1 to 10 for some-future-model")]
    public async Task N_outside_the_models_range_is_rejected(string model, int n, string message)
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = model, N = n });

        Assert.Equal(message, Only(error, "n").Message);
    }

    [Theory]
    [InlineData("dall-e-2", "auto")]
    [InlineData("dall-e-2", "1792x1024")]
    [InlineData("gpt-image-1", "512x512")]
    [InlineData("gpt-image-1.5", "2048x2048")]
    public async Task Fixed_size_models_reject_other_sizes(string model, string size)
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = model, Size = size });

        Assert.StartsWith($"size '{size}' is not supported by {model}; supported: ", Only(error, "size").Message);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("1024")]
    [InlineData("0x1024")]
    [InlineData("1024x")]
    public async Task A_size_that_is_not_auto_or_WxH_is_rejected_for_any_model(string size)
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = "some-future-model", Size = size });

        Assert.Contains("use 'auto' or WIDTHxHEIGHT", Only(error, "size").Message);
    }

    [Theory]
    [InlineData("3840x2160")] // the largest: 8,294,400 pixels, longest edge 3840
    [InlineData("1024x640")] // the smallest: 655,360 pixels
    [InlineData("3840x1280")] // ratio exactly 3:1
    [InlineData("1280x3840")]
    [InlineData("2048x2048")]
    [InlineData("auto")]
    [InlineData("1536x1024")]
    public async Task Gpt_image_2_takes_any_size_within_its_rule(string size)
    {
        await Accepted(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, Size = size });
    }

    [Theory]
    [InlineData("1000x1000", "both edges must be multiples of 16")]
    [InlineData("2048x672", "the longer edge may be at most 3 times the shorter")]
    [InlineData("3856x1296", "the longest edge may be at most 3840")]
    [InlineData("1008x640", "the total pixels (645120) must be from 655360 to 8294400")]
    [InlineData("3840x2176", "the total pixels (8355840) must be from 655360 to 8294400")]
    public async Task Gpt_image_2_rejects_sizes_just_past_each_edge_of_its_rule(string size, string rule)
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = "gpt-image-2-2026-04-21", Size = size });

        Assert.Equal($"size '{size}' is not supported by gpt-image-2-2026-04-21: {rule}", Only(error, "size").Message);
    }

    [Fact]
    public async Task A_parameter_the_model_does_not_take_is_an_error_that_says_which_models_do()
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage1, Style = ImageStyle.Natural });

        Assert.Equal("style is not supported by gpt-image-1; models that take it: dall-e-3", Only(error, "style").Message);
    }

    public static TheoryData<ImageGenerationOptions, string> UnsupportedParameters => new()
    {
        { new ImageGenerationOptions("x") { Model = ImageModel.GptImage1, ResponseFormat = ImageResponseFormat.Url }, "response_format" },
        { new ImageGenerationOptions("x") { Model = ImageModel.DallE3, Background = ImageBackground.Transparent }, "background" },
        { new ImageGenerationOptions("x") { Model = ImageModel.DallE2, OutputFormat = ImageOutputFormat.Png }, "output_format" },
        { new ImageGenerationOptions("x") { Model = ImageModel.DallE2, Moderation = ImageModeration.Low }, "moderation" },
        { new ImageGenerationOptions("x") { Model = ImageModel.DallE2, Style = ImageStyle.Vivid }, "style" },
        { new ImageGenerationOptions("x") { Model = ImageModel.DallE3, Quality = ImageQuality.High }, "quality" },
        { new ImageGenerationOptions("x") { Model = ImageModel.GptImage15, Quality = ImageQuality.Hd }, "quality" },
        { new ImageGenerationOptions("x") { Model = ImageModel.GptImage15, OutputFormat = "gif" }, "output_format" },
        { new ImageGenerationOptions("x") { Model = ImageModel.DallE3, Style = "cinematic" }, "style" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedParameters))]
    public async Task Parameters_and_values_a_model_does_not_take_are_rejected(ImageGenerationOptions options, string field)
    {
        var error = await Rejected(options);

        Assert.Contains("is not supported by " + options.Model!.Value.Value, Only(error, field).Message);
    }

    [Fact]
    public async Task Output_compression_must_be_0_to_100_and_only_with_jpeg_or_webp()
    {
        var range = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, OutputFormat = ImageOutputFormat.Jpeg, OutputCompression = 101 });
        Assert.Equal("output_compression 101 is out of range; allowed: 0 to 100", Only(range, "output_compression").Message);

        var png = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, OutputFormat = ImageOutputFormat.Png, OutputCompression = 50 });
        Assert.Equal("output_compression applies to output_format jpeg or webp only, not to output_format png", Only(png, "output_compression").Message);

        var defaultPng = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, OutputCompression = 50 });
        Assert.Contains("not to the default output_format png", Only(defaultPng, "output_compression").Message);

        await Accepted(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, OutputFormat = ImageOutputFormat.Webp, OutputCompression = 0 });
    }

    [Fact]
    public async Task A_transparent_background_needs_a_format_with_transparency()
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage15, Background = ImageBackground.Transparent, OutputFormat = ImageOutputFormat.Jpeg });

        Assert.Equal("background 'transparent' needs output_format png or webp; jpeg has no transparency", Only(error, "background").Message);
    }

    [Fact]
    public async Task Input_fidelity_follows_each_model()
    {
        var image = Png();
        var mini = await Rejected(c => c.EditAsync(new ImageEditOptions(image, "x") { Model = ImageModel.GptImage1Mini, InputFidelity = ImageInputFidelity.High }));
        Assert.Equal("input_fidelity 'high' is not supported by gpt-image-1-mini; supported: low", Only(mini, "input_fidelity").Message);

        var two = await Rejected(c => c.EditAsync(new ImageEditOptions(image, "x") { Model = ImageModel.GptImage2, InputFidelity = ImageInputFidelity.Low }));
        Assert.StartsWith("input_fidelity is not supported by gpt-image-2; models that take it: ", Only(two, "input_fidelity").Message);

        await Accepted(c => c.EditAsync(new ImageEditOptions(image, "x") { Model = ImageModel.GptImage1, InputFidelity = ImageInputFidelity.High }));
    }

    [Fact]
    public async Task An_operation_the_model_does_not_serve_is_rejected()
    {
        var edit = await Rejected(c => c.EditAsync(new ImageEditOptions(Png(), "x") { Model = ImageModel.DallE3 }));
        Assert.StartsWith("model 'dall-e-3' does not support image edits; models that do: dall-e-2, gpt-image-1", Assert.Single(edit.Errors, e => e.Field == "model").Message);

        var variation = await Rejected(c => c.CreateVariationAsync(new ImageVariationOptions(Png()) { Model = ImageModel.GptImage1 }));
        Assert.Equal("model 'gpt-image-1' does not support image variations; models that do: dall-e-2", Only(variation, "model").Message);
    }

    [Fact]
    public async Task Edit_with_non_square_png_for_dall_e_2_is_rejected_before_sending()
    {
        var error = await Rejected(c => c.EditAsync(new ImageEditOptions(Png(64, 32), "x") { Model = ImageModel.DallE2 }));

        Assert.Equal("image is 64x32; dall-e-2 needs a square image", Only(error, "image").Message);
    }

    [Fact]
    public async Task Dall_e_2_takes_only_png_read_from_the_bytes_not_the_name()
    {
        var jpegNamedPng = ImageInput.FromBytes(TestImages.Jpeg(64, 64), "photo.png");

        var error = await Rejected(c => c.EditAsync(new ImageEditOptions(jpegNamedPng, "x") { Model = ImageModel.DallE2 }));

        Assert.Equal("image is JPEG; dall-e-2 accepts PNG", Only(error, "image").Message);
    }

    [Fact]
    public async Task Files_at_or_over_the_size_limit_are_rejected()
    {
        byte[] big = new byte[4 * 1024 * 1024];
        TestImages.Png(64, 64).CopyTo(big, 0);

        var error = await Rejected(c => c.CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(big, "big.png")) { Model = ImageModel.DallE2 }));

        Assert.Equal("image is 4 MB; dall-e-2 accepts files smaller than 4 MB", Only(error, "image").Message);
    }

    [Fact]
    public async Task Too_many_images_and_unreadable_formats_are_named_by_position()
    {
        var images = Enumerable.Range(0, 17).Select(_ => Png()).ToList();
        images[3] = ImageInput.FromBytes("GIF89a........"u8.ToArray()[..6].Concat(new byte[10]).ToArray(), "x.gif");
        images[5] = ImageInput.FromBytes(new byte[] { 1, 2, 3, 4 }, "mystery.png");

        var error = await Rejected(c => c.EditAsync(new ImageEditOptions(images, "x") { Model = ImageModel.GptImage1 }));

        Assert.Equal(["image[]", "image[3]", "image[5]"], error.Errors.Select(e => e.Field));
        Assert.Equal("17 images were given; gpt-image-1 accepts at most 16", error.Errors[0].Message);
        Assert.Equal("image[3] is GIF; gpt-image-1 accepts PNG, WEBP, JPEG", error.Errors[1].Message);
        Assert.Equal("image[5] is an unrecognised format; gpt-image-1 accepts PNG, WEBP, JPEG", error.Errors[2].Message);
    }

    [Fact]
    public async Task Dall_e_2_edits_take_one_image()
    {
        var error = await Rejected(c => c.EditAsync(new ImageEditOptions([Png(), Png()], "x") { Model = ImageModel.DallE2 }));

        Assert.Equal("2 images were given; dall-e-2 accepts at most 1", Only(error, "image[]").Message);
    }

    [Fact]
    public async Task A_mask_must_be_a_png_with_alpha_and_the_first_images_size()
    {
        var notPng = await Rejected(c => c.EditAsync(new ImageEditOptions(Png(), "x") { Model = ImageModel.GptImage15, Mask = ImageInput.FromBytes(TestImages.Jpeg(64, 64)) }));
        Assert.Equal("mask is JPEG; a mask must be a PNG", Only(notPng, "mask").Message);

        var noAlpha = await Rejected(c => c.EditAsync(new ImageEditOptions(Png(), "x") { Model = ImageModel.GptImage15, Mask = Png(alpha: false) }));
        Assert.Equal("mask has no alpha channel; its fully transparent pixels mark where to edit", Only(noAlpha, "mask").Message);

        var wrongSize = await Rejected(c => c.EditAsync(new ImageEditOptions([Png(64, 64), Png(32, 32)], "x") { Model = ImageModel.GptImage15, Mask = Png(32, 32) }));
        Assert.Equal("mask is 32x32; it must have the same dimensions as the first image, 64x64", Only(wrongSize, "mask").Message);

        await Accepted(c => c.EditAsync(new ImageEditOptions(Png(), "x") { Model = ImageModel.GptImage15, Mask = Png() }));
    }

    [Fact]
    public async Task Mask_rules_are_shared_so_they_hold_for_an_unknown_model_too()
    {
        var error = await Rejected(c => c.EditAsync(new ImageEditOptions(Png(), "x") { Model = "gpt-image-7", Mask = Png(alpha: false) }));

        Assert.Equal("mask", Only(error, "mask").Field);
    }

    [Fact]
    public async Task A_null_image_is_a_validation_error_not_a_null_reference()
    {
        var error = await Rejected(c => c.EditAsync(new ImageEditOptions([Png(), null!], "x") { Model = ImageModel.GptImage1 }));

        Assert.Equal("image[][1]", Only(error, "image[][1]").Field);
    }

    [Fact]
    public async Task An_unknown_model_gets_only_the_shared_rules_and_is_sent()
    {
        await Accepted(new ImageGenerationOptions("x")
        {
            Model = "gpt-image-9", Size = "4096x4096", Style = ImageStyle.Natural, ResponseFormat = ImageResponseFormat.Url, Quality = "ultra",
        });
    }

    [Fact]
    public async Task Validation_can_be_turned_off_for_servers_with_other_rules()
    {
        await _api.Client(o => o.ValidateRequests = false).GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, N = 4, Size = "512x512" });

        Assert.Contains("\"n\":4", _api.Single.BodyText);
    }

    [Fact]
    public async Task A_null_request_is_an_argument_null_exception()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _api.Client().GenerateAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _api.Client().EditAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _api.Client().CreateVariationAsync(null!));
        Assert.Empty(_api.Sent);
    }

    [Fact]
    public async Task A_variation_without_a_model_is_checked_by_dall_e_2s_rules_the_only_model_that_served_variations()
    {
        var error = await Rejected(c => c.CreateVariationAsync(new ImageVariationOptions(Png()) { Size = ImageSize.Landscape1536x1024, ResponseFormat = "jpeg" }));

        Assert.Equal(["size", "response_format"], error.Errors.Select(e => e.Field));
        Assert.StartsWith("size '1536x1024' is not supported by dall-e-2", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("supported: 256x256, 512x512, 1024x1024", error.Errors[0].Message, StringComparison.Ordinal);
    }
}
