using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using OpenAIImages.Catalog;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Catalog;

/// <summary>
/// Every request field against every model, as /work/shared/openapi/images-constraints.md gives them: each cell is
/// either sent (with the field on the wire) or refused before sending with an error that names the field.
/// </summary>
/// <remarks>
/// The expectations are written by hand from the constraints table, not read from the catalog, so a wrong profile fails
/// here. Columns: dall-e-2, dall-e-3, the gpt-image-1 family (1, 1.5, its snapshot, chatgpt-image-latest),
/// gpt-image-1-mini, gpt-image-2 (and snapshot), gpt-image-2.5/2.6 (every id), and a model the catalog does not know.
/// A cell is <c>+</c> (sent), <c>-</c> (refused naming the row's field) or <c>-field</c> (refused naming that field).
/// </remarks>
public sealed class ModelFieldMatrixTests
{
    private const string UnknownModel = "gpt-image-9";

    private static readonly (string Model, int Column)[] Models =
    [
        ("dall-e-2", 0),
        ("dall-e-3", 1),
        ("gpt-image-1", 2),
        ("gpt-image-1.5", 2),
        ("gpt-image-1.5-2025-12-16", 2),
        ("chatgpt-image-latest", 2),
        ("gpt-image-1-mini", 3),
        ("gpt-image-2", 4),
        ("gpt-image-2-2026-04-21", 4),
        ("gpt-image-2.5-sunburst", 5),
        ("gpt-image-2.5-sunburst-2026-09-08", 5),
        ("gpt-image-2.5-flare", 5),
        ("gpt-image-2.5-flare-2026-09-08", 5),
        ("gpt-image-2.6-sunburst", 5),
        ("gpt-image-2.6-flare", 5),
        (UnknownModel, 6),
    ];

    private static readonly byte[] Square = TestImages.Png(64, 64);
    private static readonly byte[] Wide = TestImages.Png(64, 32);
    private static readonly byte[] Opaque = TestImages.Png(64, 64, alpha: false);
    private static readonly byte[] Small = TestImages.Png(32, 32);
    private static readonly byte[] Photo = TestImages.Jpeg(64, 64);

    private static ImageInput Upload(byte[]? bytes = null) => ImageInput.FromBytes(bytes ?? Square, "image.png");

    private static ImageInput Reference() => ImageInput.FromUrl("https://example.com/image.png");

    private static Func<ImagesClient, string, Task> Generate(Func<ImageGenerationOptions, ImageGenerationOptions> build, string prompt = "x") =>
        (client, model) => client.GenerateAsync(build(new ImageGenerationOptions(prompt) { Model = model }));

    private static Func<ImagesClient, string, Task> GenerateStream(Func<ImageGenerationOptions, ImageGenerationOptions> build) =>
        (client, model) => Drain(client.GenerateStreamingAsync(build(new ImageGenerationOptions("x") { Model = model })));

    private static Func<ImagesClient, string, Task> Edit(Func<ImageEditOptions, ImageEditOptions> build, int images = 1, string prompt = "x") =>
        (client, model) => client.EditAsync(build(new ImageEditOptions(Enumerable.Range(0, images).Select(_ => Upload()), prompt) { Model = model }));

    private static Func<ImagesClient, string, Task> EditStream(Func<ImageEditOptions, ImageEditOptions> build) =>
        (client, model) => Drain(client.EditStreamingAsync(build(new ImageEditOptions(Upload(), "x") { Model = model })));

    private static Func<ImagesClient, string, Task> JsonEdit(Func<ImageEditOptions, ImageEditOptions> build, int images = 1, string prompt = "x") =>
        (client, model) => client.EditAsync(build(new ImageEditOptions(Enumerable.Range(0, images).Select(_ => Reference()), prompt) { Model = model }));

    private static Func<ImagesClient, string, Task> JsonEditStream(Func<ImageEditOptions, ImageEditOptions> build) =>
        (client, model) => Drain(client.EditStreamingAsync(build(new ImageEditOptions(Reference(), "x") { Model = model })));

    private static Func<ImagesClient, string, Task> Vary(Func<ImageVariationOptions, ImageVariationOptions> build, byte[]? image = null) =>
        (client, model) => client.CreateVariationAsync(build(new ImageVariationOptions(Upload(image)) { Model = model }));

    private static T Same<T>(T options) => options;

    private sealed record Probe(string Name, string Field, Func<ImagesClient, string, Task> Call, string Expect);

    //                                                                                                            d2  d3  g1  mini g2  g25 unknown
    private static readonly Probe[] Probes =
    [
        new("generate", "model", Generate(Same), "+ + + + + + +"),
        new("generate prompt 1,000", "prompt", Generate(Same, new string('a', 1000)), "+ + + + + + +"),
        new("generate prompt 1,001", "prompt", Generate(Same, new string('a', 1001)), "- + + + + + +"),
        new("generate prompt 4,001", "prompt", Generate(Same, new string('a', 4001)), "- - + + + + +"),
        new("generate prompt 32,000", "prompt", Generate(Same, new string('a', 32000)), "- - + + + + +"),
        new("generate prompt 32,001", "prompt", Generate(Same, new string('a', 32001)), "- - - - - - +"),
        new("generate n 0", "n", Generate(o => o with { N = 0 }), "- - - - - - -"),
        new("generate n 1", "n", Generate(o => o with { N = 1 }), "+ + + + + + +"),
        new("generate n 2", "n", Generate(o => o with { N = 2 }), "+ - + + + + +"),
        new("generate n 10", "n", Generate(o => o with { N = 10 }), "+ - + + + + +"),
        new("generate n 11", "n", Generate(o => o with { N = 11 }), "- - - - - - -"),
        new("generate size 1024x1024", "size", Generate(o => o with { Size = "1024x1024" }), "+ + + + + + +"),
        new("generate size 256x256", "size", Generate(o => o with { Size = "256x256" }), "+ - - - - - +"),
        new("generate size 1792x1024", "size", Generate(o => o with { Size = "1792x1024" }), "- + - - + + +"),
        new("generate size 1536x1024", "size", Generate(o => o with { Size = "1536x1024" }), "- - + + + + +"),
        new("generate size auto", "size", Generate(o => o with { Size = ImageSize.Auto }), "- - + + + + +"),
        new("generate size 2048x2048", "size", Generate(o => o with { Size = "2048x2048" }), "- - - - + + +"),
        new("generate quality standard", "quality", Generate(o => o with { Quality = ImageQuality.Standard }), "+ + - - - - +"),
        new("generate quality hd", "quality", Generate(o => o with { Quality = ImageQuality.Hd }), "- + - - - - +"),
        new("generate quality high", "quality", Generate(o => o with { Quality = ImageQuality.High }), "- - + + + + +"),
        new("generate quality xhigh", "quality", Generate(o => o with { Quality = "xhigh" }), "- - - - - + +"),
        new("generate style vivid", "style", Generate(o => o with { Style = ImageStyle.Vivid }), "- + - - - - +"),
        new("generate response_format url", "response_format", Generate(o => o with { ResponseFormat = ImageResponseFormat.Url }), "+ + - - - - +"),
        new("generate background opaque", "background", Generate(o => o with { Background = ImageBackground.Opaque }), "- - + + + + +"),
        new("generate background transparent png", "background", Generate(o => o with { Background = ImageBackground.Transparent, OutputFormat = ImageOutputFormat.Png }), "- - + + + + +"),
        new("generate background transparent jpeg", "background", Generate(o => o with { Background = ImageBackground.Transparent, OutputFormat = ImageOutputFormat.Jpeg }), "- - - - - - -"),
        new("generate output_format webp", "output_format", Generate(o => o with { OutputFormat = ImageOutputFormat.Webp }), "- - + + + + +"),
        new("generate output_format gif", "output_format", Generate(o => o with { OutputFormat = ImageOutputFormat.Gif }), "- - - - - + +"),
        new("generate output_format svg", "output_format", Generate(o => o with { OutputFormat = ImageOutputFormat.Svg }), "- - - - - + +"),
        new("generate output_compression alone", "output_compression", Generate(o => o with { OutputCompression = 50 }), "- - - - - - +"),
        new("generate output_compression webp", "output_compression", Generate(o => o with { OutputFormat = ImageOutputFormat.Webp, OutputCompression = 50 }), "- - + + + + +"),
        new("generate output_compression jpeg 0", "output_compression", Generate(o => o with { OutputFormat = ImageOutputFormat.Jpeg, OutputCompression = 0 }), "- - + + + + +"),
        new("generate output_compression jpeg 100", "output_compression", Generate(o => o with { OutputFormat = ImageOutputFormat.Jpeg, OutputCompression = 100 }), "- - + + + + +"),
        new("generate output_compression jpeg -1", "output_compression", Generate(o => o with { OutputFormat = ImageOutputFormat.Jpeg, OutputCompression = -1 }), "- - - - - - -"),
        new("generate output_compression jpeg 101", "output_compression", Generate(o => o with { OutputFormat = ImageOutputFormat.Jpeg, OutputCompression = 101 }), "- - - - - - -"),
        new("generate output_compression gif", "output_compression", Generate(o => o with { OutputFormat = ImageOutputFormat.Gif, OutputCompression = 50 }), "- - - - - - -"),
        new("generate moderation low", "moderation", Generate(o => o with { Moderation = ImageModeration.Low }), "- - + + + + +"),
        new("generate complexity high", "complexity", Generate(o => o with { Complexity = ImageComplexity.High }), "- - - - - + +"),
        new("generate gif frames", "frame_count", Generate(o => o with { OutputFormat = ImageOutputFormat.Gif, FrameCount = 4, FrameDurationMs = 100 }), "-output_format -output_format -output_format -output_format -output_format + +"),
        new("generate frame_count without gif", "frame_count", Generate(o => o with { FrameCount = 4 }), "- - - - - - -"),
        new("generate frame_duration_ms without gif", "frame_duration_ms", Generate(o => o with { FrameDurationMs = 100 }), "- - - - - - -"),
        new("generate svg settings", "svg", Generate(o => o with { OutputFormat = ImageOutputFormat.Svg, Svg = new ImageSvgOptions { ReasoningEffort = "low" } }), "-output_format -output_format -output_format -output_format -output_format + +"),
        new("generate svg settings without svg", "svg", Generate(o => o with { Svg = new ImageSvgOptions { ReasoningEffort = "low" } }), "- - - - - - -"),
        new("generate svg n 2", "n", Generate(o => o with { OutputFormat = ImageOutputFormat.Svg, N = 2 }), "- - - - - - -"),
        new("generate partial_images without stream", "partial_images", Generate(o => o with { PartialImages = 2 }), "- - - - - - -"),
        new("generate stream", "stream", GenerateStream(Same), "- - + + + + +"),
        new("generate stream partial_images 0", "partial_images", GenerateStream(o => o with { PartialImages = 0 }), "-stream -stream + + + + +"),
        new("generate stream partial_images 3", "partial_images", GenerateStream(o => o with { PartialImages = 3 }), "-stream -stream + + + + +"),
        new("generate stream partial_images 4", "partial_images", GenerateStream(o => o with { PartialImages = 4 }), "-stream -stream - - - - -"),
        new("generate stream partial_images -1", "partial_images", GenerateStream(o => o with { PartialImages = -1 }), "-stream -stream - - - - -"),
        new("generate stream gif", "stream", GenerateStream(o => o with { OutputFormat = ImageOutputFormat.Gif }), "- - - - - - -"),

        new("edit", "image", Edit(Same), "+ -model + + + + +"),
        new("edit prompt 1,001", "prompt", Edit(Same, prompt: new string('a', 1001)), "- -model + + + + +"),
        new("edit prompt 32,001", "prompt", Edit(Same, prompt: new string('a', 32001)), "- - - - - - +"),
        new("edit 2 images", "image[]", Edit(Same, images: 2), "- -model + + + + +"),
        new("edit 16 images", "image[]", Edit(Same, images: 16), "- -model + + + + +"),
        new("edit 17 images", "image[]", Edit(Same, images: 17), "- - - - - - -"),
        new("edit jpeg image", "image", (client, model) => client.EditAsync(new ImageEditOptions(Upload(Photo), "x") { Model = model }), "- -model + + + + +"),
        new("edit non-square image", "image", (client, model) => client.EditAsync(new ImageEditOptions(Upload(Wide), "x") { Model = model }), "- -model + + + + +"),
        new("edit mask", "mask", Edit(o => o with { Mask = Upload() }), "+ -model + + + + +"),
        new("edit mask jpeg", "mask", Edit(o => o with { Mask = Upload(Photo) }), "- - - - - - -"),
        new("edit mask without alpha", "mask", Edit(o => o with { Mask = Upload(Opaque) }), "- - - - - - -"),
        new("edit mask of another size", "mask", Edit(o => o with { Mask = Upload(Small) }), "- - - - - - -"),
        new("edit mask gif", "mask", Edit(o => o with { Mask = Upload(), OutputFormat = ImageOutputFormat.Gif }), "- - - - - - -"),
        new("edit markup", "markup", Edit(o => o with { Markup = Upload() }), "- - - - - + +"),
        new("edit markup with mask", "markup", Edit(o => o with { Markup = Upload(), Mask = Upload() }), "- - - - - - -"),
        new("edit markup without alpha", "markup", Edit(o => o with { Markup = Upload(Opaque) }), "- - - - - - -"),
        new("edit input_fidelity high", "input_fidelity", Edit(o => o with { InputFidelity = ImageInputFidelity.High }), "- - + - - - +"),
        new("edit input_fidelity low", "input_fidelity", Edit(o => o with { InputFidelity = ImageInputFidelity.Low }), "- - + + - - +"),
        new("edit n 2", "n", Edit(o => o with { N = 2 }), "+ - + + + + +"),
        new("edit n 11", "n", Edit(o => o with { N = 11 }), "- - - - - - -"),
        new("edit size 256x256", "size", Edit(o => o with { Size = "256x256" }), "+ -model - - - - +"),
        new("edit size 1536x1024", "size", Edit(o => o with { Size = "1536x1024" }), "- - + + + + +"),
        new("edit size 2048x2048", "size", Edit(o => o with { Size = "2048x2048" }), "- - - - + + +"),
        new("edit quality standard", "quality", Edit(o => o with { Quality = ImageQuality.Standard }), "+ -model - - - - +"),
        new("edit quality high", "quality", Edit(o => o with { Quality = ImageQuality.High }), "- - + + + + +"),
        new("edit quality max", "quality", Edit(o => o with { Quality = "max" }), "- - - - - + +"),
        new("edit response_format url", "response_format", Edit(o => o with { ResponseFormat = ImageResponseFormat.Url }), "+ -model - - - - +"),
        new("edit background opaque", "background", Edit(o => o with { Background = ImageBackground.Opaque }), "- - + + + + +"),
        new("edit output_format webp", "output_format", Edit(o => o with { OutputFormat = ImageOutputFormat.Webp }), "- - + + + + +"),
        new("edit output_compression alone", "output_compression", Edit(o => o with { OutputCompression = 50 }), "- - - - - - +"),
        new("edit output_compression webp", "output_compression", Edit(o => o with { OutputFormat = ImageOutputFormat.Webp, OutputCompression = 50 }), "- - + + + + +"),
        new("edit complexity high", "complexity", Edit(o => o with { Complexity = ImageComplexity.High }), "- - - - - + +"),
        new("edit moderation", "moderation", Edit(o => o with { Moderation = ImageModeration.Low }), "- - - - - - -"),
        new("edit stream", "stream", EditStream(Same), "- - + + + + +"),
        new("edit stream partial_images 3", "partial_images", EditStream(o => o with { PartialImages = 3 }), "-stream -stream + + + + +"),
        new("edit stream partial_images 4", "partial_images", EditStream(o => o with { PartialImages = 4 }), "-stream -stream - - - - -"),

        new("json edit", "images", JsonEdit(Same), "- -model + + + + +"),
        new("json edit 16 images", "images", JsonEdit(Same, images: 16), "- -model + + + + +"),
        new("json edit 17 images", "images", JsonEdit(Same, images: 17), "- - - - - - -"),
        new("json edit prompt 32,000", "prompt", JsonEdit(Same, prompt: new string('a', 32000)), "-images -model + + + + +"),
        new("json edit prompt 32,001", "prompt", JsonEdit(Same, prompt: new string('a', 32001)), "- - - - - - -"),
        new("json edit moderation low", "moderation", JsonEdit(o => o with { Moderation = ImageModeration.Low }), "- - + + + + +"),
        new("json edit size 1536x1024", "size", JsonEdit(o => o with { Size = "1536x1024" }), "- - + + + + +"),
        new("json edit size 2048x2048", "size", JsonEdit(o => o with { Size = "2048x2048" }), "- - - - - - -"),
        new("json edit response_format url", "response_format", JsonEdit(o => o with { ResponseFormat = ImageResponseFormat.Url }), "- - - - - - -"),
        new("json edit markup", "markup", JsonEdit(o => o with { Markup = Upload() }), "- - - - - - -"),
        new("json edit input_fidelity high", "input_fidelity", JsonEdit(o => o with { InputFidelity = ImageInputFidelity.High }), "- - + - - - +"),
        new("json edit mask reference", "mask", JsonEdit(o => o with { Mask = Reference() }), "-images -model + + + + +"),
        new("json edit stream", "stream", JsonEditStream(Same), "- - + + + + +"),
        new("edit mixing references and uploads", "image", (client, model) => client.EditAsync(new ImageEditOptions([Reference(), Upload()], "x") { Model = model }), "- - - - - - -"),

        new("variation", "image", Vary(Same), "+ -model -model -model -model -model +"),
        new("variation non-square image", "image", Vary(Same, Wide), "- -model -model -model -model -model +"),
        new("variation size 512x512", "size", Vary(o => o with { Size = "512x512" }), "+ -model -model -model -model -model +"),
        new("variation size 1536x1024", "size", Vary(o => o with { Size = "1536x1024" }), "- - -model -model -model -model +"),
        new("variation n 10", "n", Vary(o => o with { N = 10 }), "+ - -model -model -model -model +"),
        new("variation n 11", "n", Vary(o => o with { N = 11 }), "- - - - - - -"),
        new("variation response_format url", "response_format", Vary(o => o with { ResponseFormat = ImageResponseFormat.Url }), "+ -model - - - - +"),
    ];

    public static TheoryData<string, string> Cells()
    {
        var cells = new TheoryData<string, string>();
        foreach (Probe probe in Probes)
        {
            foreach ((string model, _) in Models)
            {
                cells.Add(probe.Name, model);
            }
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_field_is_sent_or_refused_by_name_for_each_model_as_the_constraints_say(string probeName, string model)
    {
        Probe probe = Probes.Single(p => p.Name == probeName);
        string[] cells = probe.Expect.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, cells.Length);
        string cell = cells[Models.Single(m => m.Model == model).Column];
        RecordingApi api = Api();

        if (cell == "+")
        {
            await probe.Call(api.Client(), model);

            // Sent with the field on the wire, not dropped on the way.
            Assert.Contains(probe.Field, api.Single.BodyText, StringComparison.Ordinal);
            return;
        }

        string field = cell.Length > 1 ? cell.Substring(1) : probe.Field;
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => probe.Call(api.Client(), model));
        Assert.Contains(field, error.Errors.Select(e => e.Field));
        Assert.Empty(api.Sent);
    }

    [Fact]
    public void The_table_has_a_column_for_every_model_the_catalog_knows()
    {
        Assert.Equal(
            ModelCatalog.KnownModels.OrderBy(m => m, StringComparer.Ordinal),
            Models.Select(m => m.Model).Where(m => m != UnknownModel).OrderBy(m => m, StringComparer.Ordinal));
    }

    [Fact]
    public void Each_known_model_is_built_once_under_its_own_id_even_when_asked_for_at_the_same_time()
    {
        foreach (string id in ModelCatalog.KnownModels)
        {
            ModelProfile[] seen = Enumerable.Range(0, 8).AsParallel().Select(_ => ModelCatalog.Get(id)).ToArray();

            Assert.Equal(id, seen[0].Id);
            Assert.True(seen[0].IsKnown);
            Assert.All(seen, p => Assert.Same(seen[0], p));
        }

        Assert.False(ModelCatalog.Get("gpt-image-2-2026-04-22").IsKnown);
    }

    [Fact]
    public async Task Output_compression_on_dall_e_3_is_refused_naming_the_models_that_take_it()
    {
        RecordingApi api = Api();

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, OutputCompression = 80 }));

        ImageValidationError only = Assert.Single(error.Errors);
        Assert.Equal("output_compression", only.Field);
        Assert.StartsWith("output_compression is not supported by dall-e-3; models that take it: gpt-image-1, ", only.Message);
        Assert.DoesNotContain("dall-e", only.Message.Substring("output_compression is not supported by dall-e-3".Length));
        Assert.Empty(api.Sent);
    }

    [Fact]
    public async Task Response_format_on_an_edit_from_references_is_refused_instead_of_dropped()
    {
        RecordingApi api = Api();

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => api.Client().EditAsync(new ImageEditOptions(Reference(), "x") { Model = UnknownModel, ResponseFormat = ImageResponseFormat.Url }));

        Assert.Equal("response_format is not taken by edits from image references (sent as JSON); they always return b64_json", Assert.Single(error.Errors).Message);
        Assert.Empty(api.Sent);
    }

    private static RecordingApi Api() => new RecordingApi().Answer(sent =>
        sent.BodyText.Contains("\"stream\":true", StringComparison.Ordinal) || sent.BodyText.Contains("name=\"stream\"", StringComparison.Ordinal)
            ? Stream()
            : RecordingApi.Json(RecordingApi.SuccessJson()));

    private static HttpResponseMessage Stream()
    {
        string completed = "{\"type\":\"image_generation.completed\",\"b64_json\":\"" + Convert.ToBase64String(Square) + "\",\"created_at\":1713833628,\"size\":\"1024x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"png\",\"usage\":{\"input_tokens\":1,\"input_tokens_details\":{\"image_tokens\":0,\"text_tokens\":1},\"output_tokens\":1,\"total_tokens\":2}}";
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("data: " + completed + "\n\n") };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return response;
    }

    private static async Task Drain(IAsyncEnumerable<ImageStreamEvent> events)
    {
        await foreach (ImageStreamEvent unused in events)
        {
            _ = unused;
        }
    }
}
