using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAIImages.Extensions.AI.Tests.Support;
using OpenAIImages.Testing;
using MeaiOptions = Microsoft.Extensions.AI.ImageGenerationOptions;

namespace OpenAIImages.Extensions.AI.Tests;

/// <summary>A request with original images is an edit, and every original image reaches the wire.</summary>
public sealed class GeneratorEditTests
{
    [Fact]
    public async Task Edit_with_two_data_contents_sends_both_images_as_image_array_parts()
    {
        using var harness = new GeneratorHarness();
        byte[] first = Png.Make(32, 32);
        byte[] second = Png.Make(48, 24);

        ImageGenerationResponse response = await harness.Generator.EditImagesAsync(
            [new DataContent(first, "image/png") { Name = "first.png" }, new DataContent(second, "image/png") { Name = "second.png" }],
            "Put both in one basket",
            new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["quality"] = "low" } });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/edits", sent.Path);
        Assert.Equal("gpt-image-1.5", sent.Fields["model"]);
        Assert.Equal("Put both in one basket", sent.Fields["prompt"]);
        Assert.Collection(
            sent.Files,
            part => AssertFile(part, "first.png", first.Length),
            part => AssertFile(part, "second.png", second.Length));
        DataContent image = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(0x89, image.Data.Span[0]);
    }

    [Fact]
    public async Task Edit_with_uri_and_hosted_file_contents_sends_json_image_references()
    {
        using var harness = new GeneratorHarness();

        await harness.Generator.EditImagesAsync(
            [new UriContent(new Uri("https://example.com/photo.png"), "image/png"), new HostedFileContent("file-abc123")],
            "Make it dusk",
            new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["moderation"] = "low", ["quality"] = "low" } });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/edits", sent.Path);
        Assert.StartsWith("application/json", sent.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Empty(sent.Files);
        Assert.Equal("""[{"image_url":"https://example.com/photo.png"},{"file_id":"file-abc123"}]""", sent.Fields["images"]);
        Assert.Equal("low", sent.Fields["moderation"]);
    }

    [Fact]
    public async Task Edit_takes_mask_and_input_fidelity_from_additional_properties()
    {
        using var harness = new GeneratorHarness();
        byte[] original = Png.Make(32, 32);
        byte[] mask = Png.Make(32, 32, alpha: true);

        await harness.Generator.EditImageAsync(
            new DataContent(original, "image/png") { Name = "photo.png" },
            "Add a hat",
            new MeaiOptions
            {
                ModelId = "gpt-image-1.5",
                AdditionalProperties = new() { ["mask"] = new DataContent(mask, "image/png") { Name = "mask.png" }, ["input_fidelity"] = "high", ["quality"] = "low" },
            });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("high", sent.Fields["input_fidelity"]);
        Assert.Equal(["image", "mask"], sent.Files.Select(f => f.Name));
        Assert.Equal("mask.png", sent.Files[1].FileName);
    }

    [Fact]
    public async Task An_original_image_that_is_not_an_image_content_is_rejected_before_sending()
    {
        using var harness = new GeneratorHarness();

        ArgumentException error = await Assert.ThrowsAnyAsync<ArgumentException>(() => harness.Generator.EditImagesAsync(
            [new DataContent(Png.Make(8, 8), "image/png"), new TextContent("not an image")],
            "Combine",
            new MeaiOptions { ModelId = "gpt-image-1.5" }));

        Assert.Contains("OriginalImages[1] is a TextContent", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    private static void AssertFile(EmulatedFile part, string fileName, long length)
    {
        Assert.Equal("image[]", part.Name);
        Assert.Equal(fileName, part.FileName);
        Assert.Equal("image/png", part.ContentType);
        Assert.Equal(length, part.Length);
    }
}
