using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary><see cref="ImagesClient.GenerateAsync"/> against the emulator, for every model the emulator knows.</summary>
public sealed class SdkGenerationTests
{
    private const string Prompt = "A lighthouse at dusk";

    public static IEnumerable<object[]> KnownModels() => Transports.Cross(
    [
        ["dall-e-2", 512, 512],
        ["dall-e-3", 1792, 1024],
        ["gpt-image-1", 1536, 1024],
        ["gpt-image-1-mini", 1024, 1536],
        ["gpt-image-1.5", 1024, 1024],
        ["chatgpt-image-latest", 1024, 1024],
        ["gpt-image-2", 1280, 720],
        ["gpt-image-2-2026-04-21", 2048, 1152],
    ]);

    [Theory]
    [MemberData(nameof(KnownModels))]
    public async Task GenerateAsync_returns_pngs_of_the_requested_size_for_every_known_model(TransportKind transport, string model, int width, int height)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);
        ImageGenerationOptions request = Request(model);

        ImageResult result = await harness.Client.GenerateAsync(request);

        Assert.Matches("^req_[0-9a-f]{32}$", result.RequestId);
        Assert.InRange(result.Created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(request.N ?? 1, result.Images.Count);
        Assert.Equal(Enumerable.Range(0, result.Images.Count), result.Images.Select(i => i.Index));
        bool dallE = model.StartsWith("dall-e", StringComparison.Ordinal);
        if (dallE)
        {
            // DALL·E answers with URLs by default; SaveAsync downloads them (without the key) from the emulator.
            Assert.Null(result.Usage);
            using SdkImages.TempFolder folder = SdkImages.NewTempFolder();
            foreach (GeneratedImage image in result.Images)
            {
                Assert.False(image.HasBytes);
                Assert.NotNull(image.Url);
                string path = folder.File($"{model}-{image.Index}{image.FileExtension}");
                await image.SaveAsync(path);
                (int w, int h, _) = Png.Read(await File.ReadAllBytesAsync(path));
                Assert.Equal((width, height), (w, h));
            }

            GeneratedImage first = result.Images[0];
            if (model == "dall-e-3")
            {
                Assert.NotNull(first.RevisedPrompt);
                Assert.StartsWith(Prompt, first.RevisedPrompt, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(first.RevisedPrompt);
            }
        }
        else
        {
            ImageUsage usage = Assert.IsType<ImageUsage>(result.Usage);
            Assert.True(usage.InputTokens > 0 && usage.OutputTokens > 0, $"usage {usage}");
            Assert.Equal(usage.InputTokens + usage.OutputTokens, usage.TotalTokens);
            Assert.NotNull(usage.InputTokensDetails);
            Assert.Equal(usage.InputTokens, usage.InputTokensDetails.TextTokens + usage.InputTokensDetails.ImageTokens);
            Assert.Equal(new ImageSize(width, height), result.Size);
            Assert.Equal(ImageOutputFormat.Png, result.OutputFormat);
            bool transparent = request.Background == ImageBackground.Transparent;
            Assert.Equal(transparent ? ImageBackground.Transparent : ImageBackground.Opaque, result.Background);
            if (request.Quality is { } quality && quality != ImageQuality.Auto)
            {
                Assert.Equal(quality, result.Quality);
            }

            foreach (GeneratedImage image in result.Images)
            {
                Assert.Null(image.RevisedPrompt);
                (int w, int h, int colorType) = SdkImages.ReadBytes(image);
                Assert.Equal((width, height), (w, h));
                Assert.Equal(transparent ? 6 : 2, colorType);
            }
        }

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/v1/images/generations", sent.Path);
        Assert.Equal(model, sent.Fields["model"]);
        Assert.Equal(Prompt, sent.Fields["prompt"]);
        Assert.Equal("Bearer ***", sent.Headers["Authorization"]);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task GenerateAsync_with_b64_json_for_dall_e_2_returns_bytes_that_save_to_the_same_png(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);

        ImageResult result = await harness.Client.GenerateAsync(new ImageGenerationOptions("Two cats")
        {
            Model = ImageModel.DallE2,
            Size = ImageSize.Square256,
            ResponseFormat = ImageResponseFormat.Base64Json,
            N = 2,
        });

        Assert.Equal(2, result.Images.Count);
        using SdkImages.TempFolder folder = SdkImages.NewTempFolder();
        foreach (GeneratedImage image in result.Images)
        {
            Assert.Null(image.Url);
            Assert.Equal((256, 256, 2), SdkImages.ReadBytes(image));
            string path = folder.File($"cat-{image.Index}.png");
            await image.SaveAsync(path);
            Assert.Equal(image.Bytes.ToArray(), await File.ReadAllBytesAsync(path));
        }

        Assert.NotEqual(result.Images[0].Bytes.ToArray(), result.Images[1].Bytes.ToArray());
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task GenerateAsync_for_models_the_emulator_does_not_know_passes_with_the_common_checks(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);

        ImageResult sunburst = await harness.Client.GenerateAsync(new ImageGenerationOptions(Prompt)
        {
            Model = ImageModel.GptImage25Sunburst,
            Quality = ImageQuality.XHigh,
            Complexity = ImageComplexity.High,
            Size = "1536x864",
        });
        ImageResult flare = await harness.Client.GenerateAsync(new ImageGenerationOptions(Prompt) { Model = ImageModel.GptImage26Flare, Quality = ImageQuality.Max, Size = ImageSize.Auto });

        Assert.Equal((1536, 864, 2), SdkImages.ReadBytes(Assert.Single(sunburst.Images)));
        Assert.Equal(ImageQuality.XHigh, sunburst.Quality);
        Assert.NotNull(sunburst.Usage);
        Assert.Equal((1024, 1024, 2), SdkImages.ReadBytes(Assert.Single(flare.Images)));
        Assert.Equal(ImageQuality.Max, flare.Quality);
        Assert.Equal(["gpt-image-2.5-sunburst", "gpt-image-2.6-flare"], harness.Emulator.Requests.Select(r => r.Fields["model"]));
        Assert.Equal("high", harness.Emulator.Requests[0].Fields["complexity"]);
    }

    /// <summary>A representative request per model: sizes, qualities and the fields each model takes.</summary>
    private static ImageGenerationOptions Request(string model) => model switch
    {
        "dall-e-2" => new ImageGenerationOptions(Prompt) { Model = model, Size = ImageSize.Square512, N = 2 },
        "dall-e-3" => new ImageGenerationOptions(Prompt) { Model = model, Size = ImageSize.Landscape1792x1024, Quality = ImageQuality.Hd, Style = ImageStyle.Natural },
        "gpt-image-1" => new ImageGenerationOptions(Prompt)
        {
            Model = model,
            Size = ImageSize.Landscape1536x1024,
            Quality = ImageQuality.Low,
            Background = ImageBackground.Opaque,
            Moderation = ImageModeration.Low,
            OutputFormat = ImageOutputFormat.Png,
        },
        "gpt-image-1-mini" => new ImageGenerationOptions(Prompt) { Model = model, Size = ImageSize.Portrait1024x1536, Quality = ImageQuality.Medium, N = 2 },
        "gpt-image-1.5" => new ImageGenerationOptions(Prompt) { Model = model, Size = ImageSize.Auto, Quality = ImageQuality.Auto, Background = ImageBackground.Transparent },
        "chatgpt-image-latest" => new ImageGenerationOptions(Prompt) { Model = model, Size = ImageSize.Square1024, Quality = ImageQuality.High, SafetyIdentifier = "user-1234" },
        "gpt-image-2" => new ImageGenerationOptions(Prompt) { Model = model, Size = new ImageSize(1280, 720), Quality = ImageQuality.Low, Moderation = ImageModeration.Auto },
        "gpt-image-2-2026-04-21" => new ImageGenerationOptions(Prompt) { Model = model, Size = "2048x1152", Quality = ImageQuality.Low },
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "No representative request for this model."),
    };
}
