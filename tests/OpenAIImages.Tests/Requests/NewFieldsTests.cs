using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Requests;

/// <summary>Fields and values added to the API after the published spec (Node SDK 7.57): their wire form and their rules.</summary>
public sealed class NewFieldsTests : IDisposable
{
    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
    private readonly string _dir = Directory.CreateTempSubdirectory("openaiimages-new-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<ImageValidationException> Rejected(ImageGenerationOptions options)
    {
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => _api.Client().GenerateAsync(options));
        Assert.Empty(_api.Sent);
        return error;
    }

    [Fact]
    public async Task Every_new_generation_field_is_sent_in_json()
    {
        await _api.Client().GenerateAsync(new ImageGenerationOptions("a fox")
        {
            Model = ImageModel.GptImage25Sunburst,
            Quality = ImageQuality.XHigh,
            Size = "2048x1152",
            OutputFormat = ImageOutputFormat.Gif,
            FrameCount = 12,
            FrameDurationMs = 150,
            Complexity = ImageComplexity.High,
            SafetyIdentifier = "hashed-user-1",
        });

        Assert.Equal(
            "{\"model\":\"gpt-image-2.5-sunburst\",\"prompt\":\"a fox\",\"size\":\"2048x1152\",\"quality\":\"xhigh\",\"output_format\":\"gif\",\"safety_identifier\":\"hashed-user-1\",\"complexity\":\"high\",\"frame_count\":12,\"frame_duration_ms\":150}",
            _api.Single.BodyText);
    }

    [Fact]
    public async Task Svg_settings_go_as_a_json_object_and_as_bracketed_multipart_parts()
    {
        await _api.Client().GenerateAsync(new ImageGenerationOptions("a logo") { Model = ImageModel.GptImage26Flare, OutputFormat = ImageOutputFormat.Svg, Svg = new ImageSvgOptions("gpt-5", "high"), Quality = ImageQuality.Max });
        Assert.EndsWith(",\"output_format\":\"svg\",\"svg\":{\"model\":\"gpt-5\",\"reasoning\":{\"effort\":\"high\"}}}", _api.Single.BodyText);

        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        await api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.Png(32, 32)), "vectorize") { Model = ImageModel.GptImage25Flare, OutputFormat = ImageOutputFormat.Svg, Svg = new ImageSvgOptions("gpt-5", "low"), SafetyIdentifier = "u1" });
        var parts = api.Single.Parts.ToDictionary(p => p.Name, p => p.Text);
        Assert.Equal("gpt-5", parts["svg[model]"]);
        Assert.Equal("low", parts["svg[reasoning][effort]"]);
        Assert.Equal("u1", parts["safety_identifier"]);
    }

    [Fact]
    public async Task The_deprecated_user_is_still_sent_beside_the_safety_identifier()
    {
#pragma warning disable CS0618 // the deprecated field, on purpose
        await _api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, User = "legacy", SafetyIdentifier = "new" });
#pragma warning restore CS0618

        Assert.Contains("\"user\":\"legacy\",\"safety_identifier\":\"new\"", _api.Single.BodyText);
    }

    [Fact]
    public async Task Xhigh_and_max_quality_gif_svg_and_complexity_are_only_for_the_models_that_take_them()
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, Quality = ImageQuality.Max, OutputFormat = ImageOutputFormat.Gif, Complexity = ImageComplexity.Low });

        Assert.Equal(["quality", "output_format", "complexity"], error.Errors.Select(e => e.Field));
        Assert.Equal("quality 'max' is not supported by gpt-image-2; supported: low, medium, high, auto", error.Errors[0].Message);
        Assert.StartsWith("complexity is not supported by gpt-image-2; models that take it: gpt-image-2.5-sunburst", error.Errors[2].Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    public async Task Gif_frame_count_must_be_2_to_16(int frames)
    {
        var error = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, OutputFormat = ImageOutputFormat.Gif, FrameCount = frames });

        Assert.Equal($"frame_count {frames} is out of range; allowed: 2 to 16", error.Errors.Single().Message);
    }

    [Fact]
    public async Task Gif_takes_no_compression_streaming_or_mask_and_its_fields_need_gif()
    {
        var compression = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, OutputFormat = ImageOutputFormat.Gif, OutputCompression = 50 });
        Assert.Equal("output_compression applies to output_format jpeg or webp only, not to gif", compression.Errors.Single().Message);

        var notGif = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, FrameCount = 4 });
        Assert.Equal("frame_count applies to output_format gif only", notGif.Errors.Single().Message);

        var streamed = await Assert.ThrowsAsync<ImageValidationException>(async () => await _api.Client().GenerateStreamingAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, OutputFormat = ImageOutputFormat.Gif }).GetAsyncEnumerator().MoveNextAsync());
        Assert.StartsWith("output_format gif cannot be streamed", streamed.Errors.Single().Message);

        var masked = await Assert.ThrowsAsync<ImageValidationException>(() => _api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.Png(16, 16)), "x") { Model = ImageModel.GptImage25Sunburst, OutputFormat = ImageOutputFormat.Gif, Mask = ImageInput.FromBytes(TestImages.Png(16, 16)) }));
        Assert.Equal("a mask cannot be used with output_format gif", masked.Errors.Single().Message);
    }

    [Fact]
    public async Task Svg_makes_one_image_per_request_and_its_settings_need_svg()
    {
        var many = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, OutputFormat = ImageOutputFormat.Svg, N = 2 });
        Assert.Equal("n 2 is not allowed with output_format svg; it makes exactly 1 image per request", many.Errors.Single().Message);

        var notSvg = await Rejected(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, Svg = new ImageSvgOptions("gpt-5") });
        Assert.Equal("svg settings apply to output_format svg only", notSvg.Errors.Single().Message);
    }

    [Theory]
    [InlineData("2048x1152", true)]
    [InlineData("3840x2160", true)]
    [InlineData("1000x1000", false)]
    public async Task The_gpt_image_2_5_models_take_custom_sizes_by_the_same_rule(string size, bool accepted)
    {
        Task call = _api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Flare, Size = size });

        if (accepted)
        {
            await call;
            Assert.Single(_api.Sent);
        }
        else
        {
            await Assert.ThrowsAsync<ImageValidationException>(() => call);
        }
    }

    [Fact]
    public async Task Markup_is_a_transparent_png_the_size_of_the_first_image_and_never_with_a_mask()
    {
        await _api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.Png(40, 30)), "follow the sketch") { Model = ImageModel.GptImage25Sunburst, Markup = ImageInput.FromBytes(TestImages.Png(40, 30), "sketch.png") });
        FormPart markup = _api.Single.Parts.Single(p => p.Name == "markup");
        Assert.Equal(("sketch.png", "image/png"), (markup.FileName, markup.ContentType));

        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.Png(40, 30)), "x")
        {
            Model = ImageModel.GptImage25Sunburst,
            Markup = ImageInput.FromBytes(TestImages.Png(20, 30, alpha: false)),
            Mask = ImageInput.FromBytes(TestImages.Png(40, 30)),
        }));
        Assert.Equal(
            ["markup cannot be used together with a mask; use one or the other", "markup must be a PNG with transparency, drawn over the first image", "markup is 20x30; it must have the same dimensions as the first image, 40x30"],
            error.Errors.Select(e => e.Message));

        var older = await Assert.ThrowsAsync<ImageValidationException>(() => api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.Png(40, 30)), "x") { Model = ImageModel.GptImage2, Markup = ImageInput.FromBytes(TestImages.Png(40, 30)) }));
        Assert.StartsWith("markup is not supported by gpt-image-2", older.Errors.Single().Message);
        Assert.Empty(api.Sent);
    }

    [Fact]
    public async Task Gif_and_svg_results_are_saved_with_their_extensions_and_new_response_fields_are_read()
    {
        byte[] gif = [.. "GIF89a"u8, 2, 0, 2, 0, 0, 0, 0, .. "rest of the gif"u8];
        byte[] svg = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"/>");
        var api = new RecordingApi().Answer(sent => RecordingApi.Json(sent.BodyText.Contains("\"gif\"", StringComparison.Ordinal)
            ? "{\"created\":1,\"output_format\":\"gif\",\"size\":\"1536x864\",\"quality\":\"xhigh\",\"safety_identifier\":\"hashed-user-1\",\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(gif) + "\"}]}"
            : "{\"created\":1,\"svg_usage\":{\"input_tokens\":10,\"output_tokens\":200,\"reasoning_tokens\":50,\"total_tokens\":260,\"model\":\"gpt-5\"},\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(svg) + "\"}]}"));

        ImageResult animated = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, OutputFormat = ImageOutputFormat.Gif });
        ImageResult vector = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, OutputFormat = ImageOutputFormat.Svg });
        string gifPath = Path.Combine(_dir, "anim" + animated.Images[0].FileExtension);
        string svgPath = Path.Combine(_dir, "logo" + vector.Images[0].FileExtension);
        await animated.Images[0].SaveAsync(gifPath);
        await vector.Images[0].SaveAsync(svgPath);

        Assert.Equal(".gif", Path.GetExtension(gifPath));
        Assert.Equal(".svg", Path.GetExtension(svgPath));
        Assert.Equal(gif, await File.ReadAllBytesAsync(gifPath));
        Assert.Equal(svg, await File.ReadAllBytesAsync(svgPath));
        Assert.Equal(("1536x864", "xhigh", "hashed-user-1"), (animated.Size?.Value, animated.Quality?.Value, animated.SafetyIdentifier));
        Assert.Equal(new ImageSvgUsage(10, 200, 50, 260, "gpt-5"), vector.SvgUsage);
        Assert.Equal(ImageOutputFormat.Svg, ImagesModelFactory.GeneratedImage(svg).OutputFormat);
    }
}
