using System;
using System.Collections.Generic;
using System.Drawing;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAIImages.Extensions.AI.Tests.Support;
using OpenAIImages.Testing;
using MeaiOptions = Microsoft.Extensions.AI.ImageGenerationOptions;

namespace OpenAIImages.Extensions.AI.Tests;

/// <summary>Each of Microsoft.Extensions.AI's options, and the model's other fields, reach the wire; results and usage come back mapped.</summary>
public sealed class GeneratorOptionsTests
{
    [Fact]
    public async Task Generation_maps_model_count_size_media_type_and_additional_properties_to_the_request()
    {
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateImagesAsync("A lighthouse at dawn", new MeaiOptions
        {
            ModelId = "gpt-image-1.5",
            Count = 2,
            ImageSize = new Size(1536, 1024),
            MediaType = "image/png",
            AdditionalProperties = new()
            {
                ["quality"] = "low",
                ["background"] = "opaque",
                ["moderation"] = "low",
                ["safety_identifier"] = "user-42",
                ["some_other_middlewares_key"] = "left alone",
            },
        });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/generations", sent.Path);
        Assert.Equal("gpt-image-1.5", sent.Fields["model"]);
        Assert.Equal("2", sent.Fields["n"]);
        Assert.Equal("1536x1024", sent.Fields["size"]);
        Assert.Equal("png", sent.Fields["output_format"]);
        Assert.Equal("low", sent.Fields["quality"]);
        Assert.Equal("opaque", sent.Fields["background"]);
        Assert.Equal("low", sent.Fields["moderation"]);
        Assert.Equal("user-42", sent.Fields["safety_identifier"]);
        Assert.False(sent.Fields.ContainsKey("some_other_middlewares_key"));
        Assert.False(sent.Fields.ContainsKey("response_format"));
        Assert.Equal(2, response.Contents.Count);
        Assert.All(response.Contents, content => Assert.Equal("image/png", Assert.IsType<DataContent>(content).MediaType));
        Assert.IsType<ImageResult>(response.RawRepresentation);
    }

    [Fact]
    public async Task Dall_e_3_style_and_uri_response_format_come_back_as_uri_content_with_the_revised_prompt()
    {
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateImagesAsync("A fox in the snow", new MeaiOptions
        {
            ModelId = "dall-e-3",
            ResponseFormat = ImageGenerationResponseFormat.Uri,
            AdditionalProperties = new() { ["style"] = "natural", ["quality"] = "hd" },
        });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("dall-e-3", sent.Fields["model"]);
        Assert.Equal("url", sent.Fields["response_format"]);
        Assert.Equal("natural", sent.Fields["style"]);
        Assert.Equal("hd", sent.Fields["quality"]);
        UriContent image = Assert.IsType<UriContent>(Assert.Single(response.Contents));
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(harness.Host, image.Uri.Host);
        Assert.False(string.IsNullOrEmpty(image.AdditionalProperties?["revised_prompt"] as string));
        Assert.Null(response.Usage);
    }

    [Fact]
    public async Task Data_response_format_is_sent_as_b64_json_to_dall_e_and_left_out_for_a_gpt_image_model()
    {
        using var harness = new GeneratorHarness();
        ImageGenerationResponse dallE = await harness.Generator.GenerateImagesAsync("A boat", new MeaiOptions { ResponseFormat = ImageGenerationResponseFormat.Data, ModelId = "dall-e-2", ImageSize = new Size(256, 256) });
        ImageGenerationResponse gpt = await harness.Generator.GenerateImagesAsync("A boat", new MeaiOptions { ResponseFormat = ImageGenerationResponseFormat.Data, ModelId = "gpt-image-1-mini", AdditionalProperties = new() { ["quality"] = "low" } });

        Assert.Equal("b64_json", harness.Emulator.Requests[0].Fields["response_format"]);
        Assert.False(harness.Emulator.Requests[1].Fields.ContainsKey("response_format"));
        Assert.IsType<DataContent>(Assert.Single(dallE.Contents));
        Assert.IsType<DataContent>(Assert.Single(gpt.Contents));
    }

    [Fact]
    public async Task The_raw_representation_wins_over_the_typed_options_and_the_prompt_comes_from_the_request()
    {
        using var harness = new GeneratorHarness();

        await harness.Generator.GenerateImagesAsync("From the request", new MeaiOptions
        {
            ModelId = "gpt-image-1.5",
            MediaType = "image/jpeg",
            RawRepresentationFactory = _ => new OpenAIImages.ImageGenerationOptions("from the raw record")
            {
                Model = ImageModel.GptImage1Mini,
                Quality = ImageQuality.Low,
                OutputFormat = ImageOutputFormat.Png,
            },
        });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("From the request", sent.Fields["prompt"]);
        Assert.Equal("gpt-image-1-mini", sent.Fields["model"]);
        Assert.Equal("png", sent.Fields["output_format"]);
        Assert.Equal("low", sent.Fields["quality"]);
    }

    [Fact]
    public async Task The_generators_default_model_applies_when_the_options_name_none()
    {
        using var harness = new GeneratorHarness(defaultModelId: "gpt-image-1-mini");

        await harness.Generator.GenerateImagesAsync("A kite", new MeaiOptions { AdditionalProperties = new() { ["quality"] = "low" } });

        Assert.Equal("gpt-image-1-mini", Assert.Single(harness.Emulator.Requests).Fields["model"]);
    }

    [Fact]
    public async Task Usage_maps_token_counts_with_image_and_text_details_in_additional_counts()
    {
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.EditImageAsync(
            new DataContent(Png.Make(32, 32), "image/png"),
            "Paint it blue",
            new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["quality"] = "low" } });

        ImageResult raw = Assert.IsType<ImageResult>(response.RawRepresentation);
        ImageUsage usage = Assert.IsType<ImageUsage>(raw.Usage);
        UsageDetails details = Assert.IsType<UsageDetails>(response.Usage);
        Assert.Equal(usage.InputTokens, details.InputTokenCount);
        Assert.Equal(usage.OutputTokens, details.OutputTokenCount);
        Assert.Equal(usage.TotalTokens, details.TotalTokenCount);
        Assert.True(usage.InputTokensDetails!.ImageTokens > 0, "the original image should count as image tokens");
        Assert.Equal(usage.InputTokensDetails.ImageTokens, details.AdditionalCounts!["InputTokenDetails.ImageTokenCount"]);
        Assert.Equal(usage.InputTokensDetails.TextTokens, details.AdditionalCounts["InputTokenDetails.TextTokenCount"]);
        Assert.Equal(usage.InputTokensDetails.TextTokens, details.InputTextTokenCount);
    }

    [Fact]
    public async Task StreamingCount_streams_partial_images_and_returns_the_completed_image_with_the_events_as_raw_representation()
    {
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateImagesAsync("A comet", new MeaiOptions
        {
            ModelId = "gpt-image-1.5",
            StreamingCount = 2,
            AdditionalProperties = new() { ["quality"] = "low" },
        });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("true", sent.Fields["stream"]);
        Assert.Equal("2", sent.Fields["partial_images"]);
        IReadOnlyList<ImageStreamEvent> events = Assert.IsAssignableFrom<IReadOnlyList<ImageStreamEvent>>(response.RawRepresentation);
        Assert.Equal(2, events.OfType<ImagePartialEvent>().Count());
        ImageCompletedEvent completed = Assert.IsType<ImageCompletedEvent>(events[^1]);
        DataContent image = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal(completed.Image.Bytes.ToArray(), image.Data.ToArray());
        Assert.Equal(completed.Usage!.OutputTokens, response.Usage!.OutputTokenCount);
    }

    [Theory]
    [InlineData("image/jpeg", "jpeg")]
    [InlineData("image/webp", "webp")]
    [InlineData("IMAGE/JPG", "jpeg")]
    public async Task MediaType_is_sent_as_output_format_with_the_compression_from_additional_properties(string mediaType, string outputFormat)
    {
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateImagesAsync("A tree", new MeaiOptions { ModelId = "gpt-image-2", MediaType = mediaType, AdditionalProperties = new() { ["quality"] = "low", ["output_compression"] = 40L } });

        // The emulator answers in the format asked, and the content says so.
        Assert.Equal("image/" + outputFormat, Assert.IsType<DataContent>(Assert.Single(response.Contents)).MediaType);
        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal(outputFormat, sent.Fields["output_format"]);
        Assert.Equal("40", sent.Fields["output_compression"]);
    }

    [Fact]
    public async Task A_media_type_the_api_cannot_make_is_rejected_before_sending()
    {
        using var harness = new GeneratorHarness();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() =>
            harness.Generator.GenerateImagesAsync("A tree", new MeaiOptions { ModelId = "gpt-image-1.5", MediaType = "image/bmp" }));

        Assert.Contains("MediaType 'image/bmp'", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task An_additional_property_of_the_wrong_kind_names_its_key()
    {
        using var harness = new GeneratorHarness();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() =>
            harness.Generator.GenerateImagesAsync("A tree", new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["output_compression"] = "lots" } }));

        Assert.StartsWith("AdditionalProperties[\"output_compression\"] is a String; output_compression takes a whole number.", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public void GetService_returns_the_client_and_metadata_with_provider_endpoint_and_default_model()
    {
        using var harness = new GeneratorHarness(options => options.DefaultModel = ImageModel.GptImage15);
        using IImageGenerator named = harness.Client.AsIImageGenerator("gpt-image-1-mini");

        ImageGeneratorMetadata metadata = Assert.IsType<ImageGeneratorMetadata>(harness.Generator.GetService(typeof(ImageGeneratorMetadata)));
        Assert.Equal("openai", metadata.ProviderName);
        Assert.Equal(new Uri($"http://{harness.Host}/v1/"), metadata.ProviderUri);
        Assert.Equal("gpt-image-1.5", metadata.DefaultModelId);
        Assert.Equal("gpt-image-1-mini", named.GetService<ImageGeneratorMetadata>()!.DefaultModelId);
        Assert.Same(harness.Client, harness.Generator.GetService<ImagesClient>());
        Assert.Same(harness.Generator, harness.Generator.GetService<IImageGenerator>());
        Assert.Null(harness.Generator.GetService<ImagesClient>("some key"));
    }
}
