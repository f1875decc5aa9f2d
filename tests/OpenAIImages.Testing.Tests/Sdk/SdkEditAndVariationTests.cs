using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary><see cref="ImagesClient.EditAsync"/> and <see cref="ImagesClient.CreateVariationAsync"/> against the emulator: multipart bodies it accepts.</summary>
public sealed class SdkEditAndVariationTests
{
    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task EditAsync_dall_e_2_sends_a_square_png_and_mask_as_file_parts(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);
        byte[] original = SdkImages.Opaque(64, 64);
        byte[] mask = SdkImages.WithAlpha(64, 64);

        ImageResult result = await harness.Client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(original, "original.png"), "Add a red hat")
        {
            Model = ImageModel.DallE2,
            Mask = ImageInput.FromBytes(mask, "mask.png"),
            Size = ImageSize.Square256,
            ResponseFormat = ImageResponseFormat.Base64Json,
        });

        Assert.Matches("^req_[0-9a-f]{32}$", result.RequestId);
        Assert.Null(result.Usage);
        Assert.Equal((256, 256, 2), SdkImages.ReadBytes(Assert.Single(result.Images)));

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/edits", sent.Path);
        Assert.StartsWith("multipart/form-data; boundary=", sent.Headers["Content-Type"], System.StringComparison.Ordinal);
        Assert.Equal("Bearer ***", sent.Headers["Authorization"]);
        Assert.Equal("dall-e-2", sent.Fields["model"]);
        Assert.Equal("Add a red hat", sent.Fields["prompt"]);
        Assert.Equal("256x256", sent.Fields["size"]);
        Assert.Equal("b64_json", sent.Fields["response_format"]);
        Assert.Collection(
            sent.Files,
            image => AssertFile(image, "image", "original.png", original.Length),
            maskPart => AssertFile(maskPart, "mask", "mask.png", mask.Length));
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task EditAsync_gpt_image_1_5_sends_three_images_as_image_array_parts_with_mask_and_input_fidelity(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);
        byte[] first = SdkImages.Opaque(32, 32);
        byte[] second = SdkImages.Opaque(48, 24);
        byte[] third = SdkImages.WithAlpha(16, 64);
        byte[] mask = SdkImages.WithAlpha(32, 32);

        ImageResult result = await harness.Client.EditAsync(new ImageEditOptions(
            [ImageInput.FromBytes(first, "first.png"), ImageInput.FromBytes(second, "second.png"), ImageInput.FromBytes(third)],
            "Combine them into one gift basket")
        {
            Model = ImageModel.GptImage15,
            Mask = ImageInput.FromBytes(mask, "mask.png"),
            InputFidelity = ImageInputFidelity.High,
            Size = ImageSize.Landscape1536x1024,
            Quality = ImageQuality.Low,
        });

        Assert.Equal((1536, 1024, 2), SdkImages.ReadBytes(Assert.Single(result.Images)));
        ImageUsage usage = Assert.IsType<ImageUsage>(result.Usage);
        Assert.NotNull(usage.InputTokensDetails);
        Assert.True(usage.InputTokensDetails.ImageTokens > 0, "the input images should count as image tokens");
        Assert.Equal(ImageQuality.Low, result.Quality);
        Assert.Equal(ImageSize.Landscape1536x1024, result.Size);

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/edits", sent.Path);
        Assert.Equal("gpt-image-1.5", sent.Fields["model"]);
        Assert.Equal("high", sent.Fields["input_fidelity"]);
        Assert.Equal("low", sent.Fields["quality"]);
        Assert.Equal("1536x1024", sent.Fields["size"]);
        Assert.Equal(["image[]", "image[]", "image[]", "mask"], sent.Files.Select(f => f.Name));
        AssertFile(sent.Files[0], "image[]", "first.png", first.Length);
        AssertFile(sent.Files[1], "image[]", "second.png", second.Length);
        Assert.EndsWith(".png", sent.Files[2].FileName, System.StringComparison.Ordinal);
        AssertFile(sent.Files[2], "image[]", sent.Files[2].FileName, third.Length);
        AssertFile(sent.Files[3], "mask", "mask.png", mask.Length);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task EditAsync_from_image_references_is_sent_as_json_with_moderation_and_accepted(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);
        string maskUrl = "data:image/png;base64," + System.Convert.ToBase64String(SdkImages.WithAlpha(32, 32));

        ImageResult result = await harness.Client.EditAsync(new ImageEditOptions(
            [ImageInput.FromUrl("https://example.com/photo.png"), ImageInput.FromFileId("file-abc123")],
            "Put both in one frame")
        {
            Model = ImageModel.GptImage2,
            Mask = ImageInput.FromUrl(maskUrl),
            Moderation = ImageModeration.Low,
            Size = ImageSize.Portrait1024x1536,
            Quality = ImageQuality.Low,
        });

        Assert.Equal((1024, 1536, 2), SdkImages.ReadBytes(Assert.Single(result.Images)));
        Assert.NotNull(result.Usage);
        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/edits", sent.Path);
        Assert.StartsWith("application/json", sent.Headers["Content-Type"], System.StringComparison.Ordinal);
        Assert.Empty(sent.Files);
        Assert.Equal("""[{"image_url":"https://example.com/photo.png"},{"file_id":"file-abc123"}]""", sent.Fields["images"]);
        Assert.Equal("low", sent.Fields["moderation"]);
        Assert.Equal("1024x1536", sent.Fields["size"]);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task CreateVariationAsync_dall_e_2_returns_two_distinct_pngs(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);
        byte[] original = SdkImages.Opaque(40, 40);

        ImageResult result = await harness.Client.CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(original, "original.png"))
        {
            Model = ImageModel.DallE2,
            N = 2,
            Size = ImageSize.Square256,
            ResponseFormat = ImageResponseFormat.Base64Json,
        });

        Assert.Matches("^req_[0-9a-f]{32}$", result.RequestId);
        Assert.Equal(2, result.Images.Count);
        Assert.All(result.Images, image => Assert.Equal((256, 256, 2), SdkImages.ReadBytes(image)));
        Assert.NotEqual(result.Images[0].Bytes.ToArray(), result.Images[1].Bytes.ToArray());

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/variations", sent.Path);
        Assert.Equal("dall-e-2", sent.Fields["model"]);
        Assert.Equal("2", sent.Fields["n"]);
        Assert.Equal("256x256", sent.Fields["size"]);
        AssertFile(Assert.Single(sent.Files), "image", "original.png", original.Length);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task CreateVariationAsync_dall_e_2_url_images_save_as_pngs(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);

        ImageResult result = await harness.Client.CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(SdkImages.Opaque(24, 24), "small.png"))
        {
            Model = ImageModel.DallE2,
            N = 2,
            Size = ImageSize.Square512,
        });

        using SdkImages.TempFolder folder = SdkImages.NewTempFolder();
        Assert.Equal(2, result.Images.Count);
        foreach (GeneratedImage image in result.Images)
        {
            Assert.NotNull(image.Url);
            string path = folder.File($"variation-{image.Index}.png");
            await image.SaveAsync(path);
            Assert.Equal((512, 512), Png.Size(await System.IO.File.ReadAllBytesAsync(path)));
        }
    }

    private static void AssertFile(EmulatedFile file, string name, string fileName, long length)
    {
        Assert.Equal(name, file.Name);
        Assert.Equal(fileName, file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(length, file.Length);
    }
}
