using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAIImages.Extensions.AI.Tests.Support;
using OpenAIImages.Testing;
using MeaiOptions = Microsoft.Extensions.AI.ImageGenerationOptions;

namespace OpenAIImages.Extensions.AI.Tests;

/// <summary>Every option reaches the wire or is refused before sending: Hosted, StreamingCount, and the svg and markup properties.</summary>
public sealed class UnmappableOptionsTests
{
    [Fact]
    public async Task Hosted_response_format_asks_dall_e_for_a_url_and_returns_uri_content()
    {
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateImagesAsync("A fox", new MeaiOptions { ModelId = "dall-e-3", ResponseFormat = ImageGenerationResponseFormat.Hosted });

        Assert.Equal("url", Assert.Single(harness.Emulator.Requests).Fields["response_format"]);
        Assert.Equal(harness.Host, Assert.IsType<UriContent>(Assert.Single(response.Contents)).Uri.Host);
    }

    [Fact]
    public async Task Hosted_response_format_for_a_variation_asks_for_a_url()
    {
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateAsync(
            new ImageGenerationRequest(null!, [new DataContent(Png.Make(64, 64), "image/png")]),
            new MeaiOptions { ResponseFormat = ImageGenerationResponseFormat.Hosted, RawRepresentationFactory = _ => new ImageVariationOptions(ImageInput.FromBytes(Png.Make(64, 64))) { Model = ImageModel.DallE2 } });

        Assert.Equal("url", Assert.Single(harness.Emulator.Requests).Fields["response_format"]);
        Assert.IsType<UriContent>(Assert.Single(response.Contents));
    }

    [Theory]
    [InlineData("gpt-image-2")]
    [InlineData("gpt-image-1.5")]
    public async Task Hosted_response_format_for_a_model_that_returns_only_data_is_refused_before_sending(string model)
    {
        using var harness = new GeneratorHarness();

        ImageValidationException error = await Assert.ThrowsAsync<ImageValidationException>(() =>
            harness.Generator.GenerateImagesAsync("A fox", new MeaiOptions { ModelId = model, ResponseFormat = ImageGenerationResponseFormat.Hosted }));

        Assert.Contains("response_format", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task A_response_format_this_version_does_not_know_is_refused_before_sending()
    {
        using var harness = new GeneratorHarness();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            harness.Generator.GenerateImagesAsync("A fox", new MeaiOptions { ModelId = "dall-e-3", ResponseFormat = (ImageGenerationResponseFormat)42 }));

        Assert.Contains("ResponseFormat 42", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public async Task A_negative_StreamingCount_is_refused_before_sending(int count)
    {
        using var harness = new GeneratorHarness();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            harness.Generator.GenerateImagesAsync("A comet", new MeaiOptions { ModelId = "gpt-image-1.5", StreamingCount = count }));

        Assert.StartsWith($"StreamingCount is {count}", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task StreamingCount_on_a_variation_is_refused_rather_than_dropped()
    {
        using var harness = new GeneratorHarness();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Generator.GenerateAsync(
            new ImageGenerationRequest(null!, [new DataContent(Png.Make(64, 64), "image/png")]),
            new MeaiOptions { StreamingCount = 1, RawRepresentationFactory = _ => new ImageVariationOptions(ImageInput.FromBytes(Png.Make(64, 64))) { Model = ImageModel.DallE2 } }));

        Assert.Contains("variations do not stream", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    public static TheoryData<string> SvgShapes() => ["record", "dictionary", "json"];

    [Theory]
    [MemberData(nameof(SvgShapes))]
    public async Task The_svg_property_reaches_the_wire_as_the_record_a_dictionary_or_json(string shape)
    {
        using var harness = new GeneratorHarness();
        object svg = shape switch
        {
            "record" => new ImageSvgOptions("gpt-5-mini", "low"),
            "dictionary" => new Dictionary<string, object?> { ["model"] = "gpt-5-mini", ["reasoning"] = new Dictionary<string, object?> { ["effort"] = "low" } },
            _ => JsonDocument.Parse("""{"model":"gpt-5-mini","reasoning":{"effort":"low"}}""").RootElement,
        };

        ImageGenerationResponse response = await harness.Generator.GenerateImagesAsync("A logo", new MeaiOptions
        {
            ModelId = "gpt-image-2.5-sunburst",
            MediaType = "image/svg+xml",
            AdditionalProperties = new() { ["svg"] = svg },
        });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("svg", sent.Fields["output_format"]);
        Assert.Equal("""{"model":"gpt-5-mini","reasoning":{"effort":"low"}}""", sent.Fields["svg"]);
        Assert.Equal("image/svg+xml", Assert.IsType<DataContent>(Assert.Single(response.Contents)).MediaType);
    }

    [Theory]
    [InlineData("""{"model":"gpt-5-mini","effort":"low"}""", "'effort' in svg")]
    [InlineData("""{"reasoning":{"level":"low"}}""", "'level' in svg.reasoning")]
    [InlineData("\"gpt-5-mini\"", "svg takes ImageSvgOptions")]
    public async Task An_svg_property_of_another_shape_is_refused_before_sending(string json, string expected)
    {
        using var harness = new GeneratorHarness();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Generator.GenerateImagesAsync("A logo", new MeaiOptions
        {
            ModelId = "gpt-image-2.5-sunburst",
            MediaType = "image/svg+xml",
            AdditionalProperties = new() { ["svg"] = JsonDocument.Parse(json).RootElement },
        }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task The_markup_property_of_an_edit_is_uploaded_as_the_markup_part()
    {
        using var harness = new GeneratorHarness();
        byte[] markup = Png.Make(32, 32, alpha: true);

        await harness.Generator.EditImageAsync(
            new DataContent(Png.Make(32, 32), "image/png"),
            "Make the circled part red",
            new MeaiOptions { ModelId = "gpt-image-2.5-sunburst", AdditionalProperties = new() { ["markup"] = new DataContent(markup, "image/png") { Name = "markup.png" } } });

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        EmulatedFile part = Assert.Single(sent.Files, f => f.Name == "markup");
        Assert.Equal(markup.Length, part.Length);
    }

    [Fact]
    public async Task The_markup_property_of_a_generation_is_refused_before_sending()
    {
        using var harness = new GeneratorHarness();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Generator.GenerateImagesAsync("A logo", new MeaiOptions
        {
            ModelId = "gpt-image-2.5-sunburst",
            AdditionalProperties = new() { ["markup"] = new DataContent(Png.Make(32, 32, alpha: true), "image/png") },
        }));

        Assert.StartsWith("AdditionalProperties[\"markup\"] applies to edits only.", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    private static ImageGenerationRequest VariationRequest() => new(null!, [new DataContent(Png.Make(64, 64), "image/png")]);

    private static MeaiOptions Variation(Action<MeaiOptions> configure)
    {
        var options = new MeaiOptions { RawRepresentationFactory = _ => new ImageVariationOptions(ImageInput.FromBytes(Png.Make(64, 64))) { Model = ImageModel.DallE2 } };
        configure(options);
        return options;
    }

    [Fact]
    public async Task A_variation_takes_n_size_and_user_from_additional_properties()
    {
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateAsync(VariationRequest(), Variation(o => o.AdditionalProperties = new() { ["n"] = 2, ["size"] = "256x256", ["user"] = "user-7", ["another_middlewares_key"] = 1 }));

        EmulatedRequest sent = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/variations", sent.Path);
        Assert.Equal("2", sent.Fields["n"]);
        Assert.Equal("256x256", sent.Fields["size"]);
        Assert.Equal("user-7", sent.Fields["user"]);
        Assert.Equal(2, response.Contents.Count);
    }

    [Theory]
    [InlineData("quality")]
    [InlineData("safety_identifier")]
    [InlineData("output_format")]
    public async Task A_field_variations_do_not_take_is_refused_before_sending(string key)
    {
        using var harness = new GeneratorHarness();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Generator.GenerateAsync(VariationRequest(), Variation(o => o.AdditionalProperties = new() { [key] = "high" })));

        Assert.StartsWith($"AdditionalProperties[\"{key}\"] applies to generations and edits only.", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task A_media_type_other_than_png_for_a_variation_is_refused_before_sending()
    {
        using var harness = new GeneratorHarness();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Generator.GenerateAsync(VariationRequest(), Variation(o => o.MediaType = "image/jpeg")));

        Assert.Contains("returns PNG only", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }
}
