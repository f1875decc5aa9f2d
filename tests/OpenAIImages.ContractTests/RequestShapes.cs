using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OpenAIImages.ContractTests;

// `user` is deprecated by the API in favour of safety_identifier, but the SDK still sends it and the spec still declares it, so it is tested.
#pragma warning disable CS0618

/// <summary>
/// Every request shape the SDK produces today that the spec knows, and requests the spec forbids. Add a shape by adding
/// a line: the theories, the field check and the summary pick it up by name.
/// </summary>
/// <remarks>
/// Fields the spec does not know yet (quality xhigh/max, output formats gif/svg, complexity, frame_count, markup,
/// safety_identifier, JSON edits) are not sent to Prism: it accepts unknown properties, so it would prove nothing.
/// They belong to the SDK's unit tests against captured expectations; see <see cref="SpecSchema.NotYetInSpec"/>.
/// </remarks>
public static class RequestShapes
{
    private static readonly byte[] SquarePng = TestPng.Square(16);
    private static readonly byte[] MaskPng = TestPng.Mask(16);

    private static readonly ImageModel[] GptModels = [ImageModel.GptImage1, ImageModel.GptImage1Mini, ImageModel.GptImage15, ImageModel.GptImage2];

    /// <summary>Gets the shapes Prism must accept, sent with the SDK's validation on.</summary>
    public static IReadOnlyList<RequestShape> Accepted { get; } = CheckNames(CreateAccepted());

    /// <summary>Gets the requests Prism must reject with 422, sent with the SDK's validation off.</summary>
    public static IReadOnlyList<RequestShape> Invalid { get; } = CheckNames(CreateInvalid());

    /// <summary>Gets the names of <see cref="Accepted"/>, for theories.</summary>
    public static TheoryData<string> AcceptedNames => Names(Accepted);

    /// <summary>Gets the names of <see cref="Invalid"/>, for theories.</summary>
    public static TheoryData<string> InvalidNames => Names(Invalid);

    /// <summary>Finds a shape by name in either list.</summary>
    public static RequestShape Get(string name) => Accepted.Concat(Invalid).Single(s => s.Name == name);

    private static ImageInput Image(string name = "image.png") => ImageInput.FromBytes(SquarePng, name);

    private static ImageInput Mask() => ImageInput.FromBytes(MaskPng, "mask.png");

    private static ImageInput[] Images(int count) =>
        Enumerable.Range(1, count).Select(i => Image($"image-{i.ToString("00", CultureInfo.InvariantCulture)}.png")).ToArray();

    private static IEnumerable<RequestShape> CreateAccepted()
    {
        // --- POST /images/generations ---
        yield return RequestShape.Generate("generate: no model, prompt only", new ImageGenerationOptions("A lighthouse at dusk"));
        yield return RequestShape.Generate(
            "generate: dall-e-2, n=2, 256x256, b64_json, user",
            new("A lighthouse at dusk") { Model = ImageModel.DallE2, N = 2, Size = ImageSize.Square256, ResponseFormat = ImageResponseFormat.Base64Json, User = "user-1234" });
        yield return RequestShape.Generate(
            "generate: dall-e-2, n=10, 512x512, url, quality standard",
            new("A lighthouse at dusk") { Model = ImageModel.DallE2, N = 10, Size = ImageSize.Square512, ResponseFormat = ImageResponseFormat.Url, Quality = ImageQuality.Standard });
        yield return RequestShape.Generate(
            "generate: dall-e-2, 1024x1024",
            new("A lighthouse at dusk") { Model = ImageModel.DallE2, Size = ImageSize.Square1024 });
        yield return RequestShape.Generate(
            "generate: dall-e-3, n=1, standard, vivid, 1024x1024, url, user",
            new("A lighthouse at dusk") { Model = ImageModel.DallE3, N = 1, Quality = ImageQuality.Standard, Style = ImageStyle.Vivid, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url, User = "user-1234" });
        yield return RequestShape.Generate(
            "generate: dall-e-3, hd, natural, 1792x1024, b64_json",
            new("A lighthouse at dusk") { Model = ImageModel.DallE3, Quality = ImageQuality.Hd, Style = ImageStyle.Natural, Size = ImageSize.Landscape1792x1024, ResponseFormat = ImageResponseFormat.Base64Json });
        yield return RequestShape.Generate(
            "generate: dall-e-3, hd, vivid, 1024x1792",
            new("A lighthouse at dusk") { Model = ImageModel.DallE3, Quality = ImageQuality.Hd, Style = ImageStyle.Vivid, Size = ImageSize.Portrait1024x1792 });

        foreach (ImageModel model in GptModels)
        {
            yield return RequestShape.Generate(
                $"generate: {model}, every field, n=2, 1536x1024, high, opaque, jpeg, compression 80, moderation low, user",
                new("A lighthouse at dusk")
                {
                    Model = model,
                    N = 2,
                    Size = ImageSize.Landscape1536x1024,
                    Quality = ImageQuality.High,
                    Background = ImageBackground.Opaque,
                    OutputFormat = ImageOutputFormat.Jpeg,
                    OutputCompression = 80,
                    Moderation = ImageModeration.Low,
                    User = "user-1234",
                });
            yield return RequestShape.Generate(
                $"generate: {model}, size auto, low, transparent, webp, compression 0, moderation auto",
                new("A lighthouse at dusk")
                {
                    Model = model,
                    Size = ImageSize.Auto,
                    Quality = ImageQuality.Low,
                    Background = ImageBackground.Transparent,
                    OutputFormat = ImageOutputFormat.Webp,
                    OutputCompression = 0,
                    Moderation = ImageModeration.Auto,
                });
            yield return RequestShape.Generate(
                $"generate: {model}, n=10, 1024x1536, medium, background auto, png, compression 100",
                new("A lighthouse at dusk")
                {
                    Model = model,
                    N = 10,
                    Size = ImageSize.Portrait1024x1536,
                    Quality = ImageQuality.Medium,
                    Background = ImageBackground.Auto,
                    OutputFormat = ImageOutputFormat.Png,
                });
            yield return RequestShape.Generate(
                $"generate: {model}, 1024x1024, quality auto",
                new("A lighthouse at dusk") { Model = model, Size = ImageSize.Square1024, Quality = ImageQuality.Auto });
        }

        yield return RequestShape.Generate(
            "generate: gpt-image-2, custom size 2048x1152",
            new("A lighthouse at dusk") { Model = ImageModel.GptImage2, Size = new ImageSize(2048, 1152), Quality = ImageQuality.High });
        yield return RequestShape.Generate(
            "generate: gpt-image-2, custom size 3840x2160, webp",
            new("A lighthouse at dusk") { Model = ImageModel.GptImage2, Size = new ImageSize(3840, 2160), OutputFormat = ImageOutputFormat.Webp });

        for (int partial = 0; partial <= 3; partial++)
        {
            yield return RequestShape.GenerateStreaming(
                $"generate streaming: gpt-image-1.5, partial_images={partial}",
                new("A lighthouse at dusk") { Model = ImageModel.GptImage15, PartialImages = partial });
        }

        yield return RequestShape.GenerateStreaming("generate streaming: gpt-image-1, no partial_images", new("A lighthouse at dusk") { Model = ImageModel.GptImage1 });
        yield return RequestShape.GenerateStreaming(
            "generate streaming: gpt-image-2, every field, partial_images=2",
            new("A lighthouse at dusk")
            {
                Model = ImageModel.GptImage2,
                N = 1,
                Size = new ImageSize(1536, 864),
                Quality = ImageQuality.Medium,
                Background = ImageBackground.Transparent,
                OutputFormat = ImageOutputFormat.Png,
                Moderation = ImageModeration.Low,
                User = "user-1234",
                PartialImages = 2,
            });

        // --- POST /images/edits (JSON, images already online) ---
        yield return RequestShape.Edit(
            "edit (JSON): gpt-image-2, an https URL and a file id, mask by file id, moderation low, 1536x1024",
            new([ImageInput.FromUrl("https://example.com/room.png"), ImageInput.FromFileId("file-abc123")], "Put the lamp in the room")
            {
                Model = ImageModel.GptImage2, Mask = ImageInput.FromFileId("file-mask1"), Moderation = ImageModeration.Low, Size = ImageSize.Landscape1536x1024,
                Quality = ImageQuality.High, OutputFormat = ImageOutputFormat.Webp, OutputCompression = 60, Background = ImageBackground.Opaque, N = 2,
            });
        yield return RequestShape.Edit(
            "edit (JSON): gpt-image-1.5, a data URL, input_fidelity high, user",
            new(ImageInput.FromUrl("data:image/png;base64," + Convert.ToBase64String(SquarePng)), "Add a red door") { Model = ImageModel.GptImage15, InputFidelity = ImageInputFidelity.High, User = "user-1234" });

        // --- POST /images/edits (multipart) ---
        yield return RequestShape.Edit(
            "edit: dall-e-2, square PNG + mask, n=2, 512x512, b64_json, user",
            new(Image(), "Add a red door") { Model = ImageModel.DallE2, Mask = Mask(), N = 2, Size = ImageSize.Square512, ResponseFormat = ImageResponseFormat.Base64Json, User = "user-1234" });
        yield return RequestShape.Edit(
            "edit: dall-e-2, square PNG, 256x256, url",
            new(Image(), "Add a red door") { Model = ImageModel.DallE2, Size = ImageSize.Square256, ResponseFormat = ImageResponseFormat.Url });
        yield return RequestShape.Edit(
            "edit: dall-e-2, n=10, 1024x1024, quality standard",
            new(Image(), "Add a red door") { Model = ImageModel.DallE2, N = 10, Size = ImageSize.Square1024, Quality = ImageQuality.Standard });
        yield return RequestShape.Edit(
            "edit: gpt-image-1.5, one image + mask, every field, n=2, 1536x1024, high, input_fidelity high, webp, compression 70, opaque, user",
            new(Image(), "Add a red door")
            {
                Model = ImageModel.GptImage15,
                Mask = Mask(),
                N = 2,
                Size = ImageSize.Landscape1536x1024,
                Quality = ImageQuality.High,
                InputFidelity = ImageInputFidelity.High,
                OutputFormat = ImageOutputFormat.Webp,
                OutputCompression = 70,
                Background = ImageBackground.Opaque,
                User = "user-1234",
            });
        yield return RequestShape.Edit(
            "edit: gpt-image-1, size auto, low, input_fidelity low, jpeg, compression 50",
            new(Image(), "Add a red door") { Model = ImageModel.GptImage1, Size = ImageSize.Auto, Quality = ImageQuality.Low, InputFidelity = ImageInputFidelity.Low, OutputFormat = ImageOutputFormat.Jpeg, OutputCompression = 50 });
        yield return RequestShape.Edit(
            "edit: gpt-image-1-mini, 1024x1536, medium, input_fidelity low, transparent, png",
            new(Image(), "Add a red door") { Model = ImageModel.GptImage1Mini, Size = ImageSize.Portrait1024x1536, Quality = ImageQuality.Medium, InputFidelity = ImageInputFidelity.Low, Background = ImageBackground.Transparent, OutputFormat = ImageOutputFormat.Png });
        yield return RequestShape.Edit(
            "edit: gpt-image-2, custom size 2048x1152, quality auto, background auto, mask",
            new(Image(), "Add a red door") { Model = ImageModel.GptImage2, Mask = Mask(), Size = new ImageSize(2048, 1152), Quality = ImageQuality.Auto, Background = ImageBackground.Auto });
        yield return RequestShape.Edit("edit: chatgpt-image-latest, one image", new(Image(), "Add a red door") { Model = ImageModel.ChatGptImageLatest });
        yield return RequestShape.Edit("edit: no model, one image", new(Image(), "Add a red door"));
        yield return RequestShape.Edit(
            "edit: gpt-image-1.5, 2 images as image[]",
            new(Images(2), "Put these two together") { Model = ImageModel.GptImage15, Size = ImageSize.Square1024 });
        yield return RequestShape.Edit(
            "edit: gpt-image-1, 16 images as image[] + mask, input_fidelity high, n=3",
            new(Images(16), "Make a collage") { Model = ImageModel.GptImage1, Mask = Mask(), InputFidelity = ImageInputFidelity.High, N = 3 });
        yield return RequestShape.EditStreaming(
            "edit streaming: gpt-image-1.5, one image, partial_images=2",
            new(Image(), "Add a red door") { Model = ImageModel.GptImage15, PartialImages = 2 });
        yield return RequestShape.EditStreaming(
            "edit streaming: gpt-image-2, 2 images + mask, every field, partial_images=3",
            new(Images(2), "Add a red door")
            {
                Model = ImageModel.GptImage2,
                Mask = Mask(),
                N = 1,
                Size = ImageSize.Landscape1536x1024,
                Quality = ImageQuality.High,
                OutputFormat = ImageOutputFormat.Jpeg,
                OutputCompression = 90,
                Background = ImageBackground.Opaque,
                User = "user-1234",
                PartialImages = 3,
            });
        yield return RequestShape.EditStreaming(
            "edit streaming: gpt-image-1-mini, partial_images=0",
            new(Image(), "Add a red door") { Model = ImageModel.GptImage1Mini, PartialImages = 0 });

        // --- POST /images/variations (multipart) ---
        yield return RequestShape.Variation(
            "variation: dall-e-2, n=2, 256x256, b64_json, user",
            new(Image()) { Model = ImageModel.DallE2, N = 2, Size = ImageSize.Square256, ResponseFormat = ImageResponseFormat.Base64Json, User = "user-1234" });
        yield return RequestShape.Variation(
            "variation: dall-e-2, n=10, 512x512, url",
            new(Image()) { Model = ImageModel.DallE2, N = 10, Size = ImageSize.Square512, ResponseFormat = ImageResponseFormat.Url });
        yield return RequestShape.Variation("variation: dall-e-2, 1024x1024", new(Image()) { Model = ImageModel.DallE2, Size = ImageSize.Square1024 });
        yield return RequestShape.Variation("variation: no model, image only", new(Image()));
    }

    private static IEnumerable<RequestShape> CreateInvalid()
    {
        // Sent with ValidateRequests = false: each breaks the spec in one field, which Prism's 422 must name.
        yield return RequestShape.Generate("invalid generate: no prompt", new ImageGenerationOptions(null!) { Model = ImageModel.DallE2 }, "prompt");
        yield return RequestShape.Generate("invalid generate: n=0", new("A lighthouse") { Model = ImageModel.DallE2, N = 0 }, "n");
        yield return RequestShape.Generate("invalid generate: n=11", new("A lighthouse") { Model = ImageModel.GptImage15, N = 11 }, "n");
        yield return RequestShape.Generate("invalid generate: quality ultra", new("A lighthouse") { Model = ImageModel.GptImage15, Quality = "ultra" }, "quality");
        yield return RequestShape.Generate("invalid generate: response_format jpeg", new("A lighthouse") { Model = ImageModel.DallE2, ResponseFormat = "jpeg" }, "response_format");
        yield return RequestShape.Generate("invalid generate: background purple", new("A lighthouse") { Model = ImageModel.GptImage1, Background = "purple" }, "background");
        yield return RequestShape.Generate("invalid generate: output_format bmp", new("A lighthouse") { Model = ImageModel.GptImage1, OutputFormat = "bmp" }, "output_format");
        yield return RequestShape.Generate("invalid generate: style bright", new("A lighthouse") { Model = ImageModel.DallE3, Style = "bright" }, "style");
        yield return RequestShape.Generate("invalid generate: moderation none", new("A lighthouse") { Model = ImageModel.GptImage1, Moderation = "none" }, "moderation");
        yield return RequestShape.GenerateStreaming("invalid generate streaming: partial_images=4", new("A lighthouse") { Model = ImageModel.GptImage15, PartialImages = 4 }, "partial_images");
        yield return RequestShape.Edit("invalid edit: no prompt", new(Image(), null!) { Model = ImageModel.GptImage15 }, "prompt");
        yield return RequestShape.Edit("invalid edit (JSON): size outside the closed enum", new(ImageInput.FromFileId("file-abc123"), "Add a red door") { Model = ImageModel.GptImage2, Size = new ImageSize(2048, 2048) }, "size");
        yield return RequestShape.Edit("invalid edit: no image", new(Array.Empty<ImageInput>(), "Add a red door") { Model = ImageModel.GptImage15 }, "image");
        yield return RequestShape.Edit("invalid edit: n=11", new(Image(), "Add a red door") { Model = ImageModel.GptImage15, N = 11 }, "n");
        yield return RequestShape.Edit("invalid edit: quality hd (generations only)", new(Image(), "Add a red door") { Model = ImageModel.GptImage15, Quality = ImageQuality.Hd }, "quality");
        yield return RequestShape.Edit("invalid edit: background purple", new(Image(), "Add a red door") { Model = ImageModel.GptImage15, Background = "purple" }, "background");
        yield return RequestShape.Edit("invalid edit: input_fidelity medium", new(Image(), "Add a red door") { Model = ImageModel.GptImage15, InputFidelity = "medium" }, "input_fidelity");
        yield return RequestShape.Variation("invalid variation: size bogus", new(Image()) { Model = ImageModel.DallE2, Size = "bogus" }, "size");
        yield return RequestShape.Variation("invalid variation: size 1536x1024 (closed enum)", new(Image()) { Model = ImageModel.DallE2, Size = ImageSize.Landscape1536x1024 }, "size");
        yield return RequestShape.Variation("invalid variation: n=0", new(Image()) { Model = ImageModel.DallE2, N = 0 }, "n");
        yield return RequestShape.Variation("invalid variation: response_format jpeg", new(Image()) { ResponseFormat = "jpeg" }, "response_format");
    }

    private static RequestShape[] CheckNames(IEnumerable<RequestShape> shapes)
    {
        RequestShape[] all = shapes.ToArray();
        string? duplicate = all.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1)?.Key;
        return duplicate is null ? all : throw new InvalidOperationException($"Two request shapes are named '{duplicate}'.");
    }

    private static TheoryData<string> Names(IEnumerable<RequestShape> shapes)
    {
        var data = new TheoryData<string>();
        foreach (RequestShape shape in shapes)
        {
            data.Add(shape.Name);
        }

        return data;
    }
}
