using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using OpenAIImages.Testing.Imaging;
using OpenAIImages.Testing.Tests.Sdk;
using OpenAIImages.Testing.Tests.Support;
using SkiaSharp;

namespace OpenAIImages.Testing.Tests;

/// <summary>Every output format the API returns, as the emulator answers it, read back by a real decoder (Skia) or an XML parser.</summary>
public sealed class OutputFormatTests
{
    private const string Prompt = "A paper boat on a pond";

    // gpt-image-2.5 takes gif and svg (images-constraints.md, additions of Node SDK 7.57).
    private const string AnimatingModel = "gpt-image-2.5-sunburst";

    public static TheoryData<string, SKEncodedImageFormat> RasterFormats() => new()
    {
        { "png", SKEncodedImageFormat.Png },
        { "jpeg", SKEncodedImageFormat.Jpeg },
        { "webp", SKEncodedImageFormat.Webp },
        { "gif", SKEncodedImageFormat.Gif },
    };

    public static TheoryData<string> AlphaFormats() => new() { "png", "webp", "gif" };

    [Theory]
    [MemberData(nameof(RasterFormats))]
    public async Task Each_raster_format_decodes_at_the_requested_size_with_the_painters_colours(string format, SKEncodedImageFormat expected)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        string model = format == "gif" ? AnimatingModel : "gpt-image-2";

        (JsonElement root, byte[] image) = await GenerateAsync(harness, model, "1280x720", $",\"output_format\":\"{format}\"");
        byte[] reference = (await GenerateAsync(harness, model, "1280x720", string.Empty)).Image;

        Assert.Equal(format, root.GetProperty("output_format").GetString());
        using SKCodec codec = Codec(image);
        Assert.Equal(expected, codec.EncodedFormat);
        Assert.Equal((1280, 720), (codec.Info.Width, codec.Info.Height));
        using SKBitmap decoded = Frame(codec, 0);
        using SKBitmap painted = SKBitmap.Decode(reference);
        int tolerance = format switch { "jpeg" => 8, "gif" => 26, _ => 0 };
        foreach ((int x, int y) in Probes(1280, 720))
        {
            AssertClose(painted.GetPixel(x, y), decoded.GetPixel(x, y), tolerance, $"{format} pixel ({x}, {y})");
        }
    }

    [Theory]
    [MemberData(nameof(AlphaFormats))]
    public async Task A_transparent_background_is_clear_at_the_top_left_and_opaque_at_the_bottom_right(string format)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        string model = format == "gif" ? AnimatingModel : "gpt-image-1";

        (JsonElement root, byte[] image) = await GenerateAsync(harness, model, "1024x1024", $",\"output_format\":\"{format}\",\"background\":\"transparent\"");

        Assert.Equal("transparent", root.GetProperty("background").GetString());
        using SKCodec codec = Codec(image);
        Assert.NotEqual(SKAlphaType.Opaque, codec.Info.AlphaType);
        using SKBitmap decoded = Frame(codec, 0);
        Assert.Equal(0, decoded.GetPixel(0, 0).Alpha);
        Assert.Equal(255, decoded.GetPixel(1023, 1023).Alpha);
    }

    [Fact]
    public async Task Jpeg_output_compression_is_its_quality_lower_is_smaller_and_still_decodes()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        byte[] best = (await GenerateAsync(harness, "gpt-image-1", "1024x1024", ",\"output_format\":\"jpeg\"")).Image;
        byte[] rough = (await GenerateAsync(harness, "gpt-image-1", "1024x1024", ",\"output_format\":\"jpeg\",\"output_compression\":5")).Image;

        Assert.True(rough.Length < best.Length / 2, $"quality 5 gave {rough.Length} bytes, quality 100 {best.Length}");
        using SKBitmap decoded = SKBitmap.Decode(rough);
        Assert.Equal((1024, 1024), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task A_gif_has_frame_count_frames_each_frame_duration_ms_long_looping_forever()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        byte[] image = (await GenerateAsync(harness, AnimatingModel, "1024x1024", ",\"output_format\":\"gif\",\"frame_count\":4,\"frame_duration_ms\":120")).Image;

        using SKCodec codec = Codec(image);
        Assert.Equal(4, codec.FrameCount);
        Assert.All(codec.FrameInfo, frame => Assert.Equal(120, frame.Duration));
        Assert.Equal(-1, codec.RepetitionCount);
        using SKBitmap first = Frame(codec, 0);
        using SKBitmap second = Frame(codec, 1);
        Assert.NotEqual(first.GetPixel(0, 0), second.GetPixel(0, 0));
    }

    [Fact]
    public async Task A_gif_without_frame_fields_has_nine_frames_of_200_ms()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        byte[] image = (await GenerateAsync(harness, AnimatingModel, "1024x1024", ",\"output_format\":\"gif\"")).Image;

        using SKCodec codec = Codec(image);
        Assert.Equal(9, codec.FrameCount);
        Assert.All(codec.FrameInfo, frame => Assert.Equal(200, frame.Duration));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    public async Task A_frame_count_outside_2_to_16_is_refused(int frames)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        HttpResponseMessage response = await harness.Client.GenerateAsync($$"""{"model":"{{AnimatingModel}}","prompt":"p","output_format":"gif","frame_count":{{frames}}}""");

        await response.ErrorAsync(HttpStatusCode.BadRequest, "frame_count", "invalid_value");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Svg_is_an_svg_document_of_the_requested_size_drawing_the_painters_gradient(bool transparent)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        string background = transparent ? ",\"background\":\"transparent\"" : string.Empty;

        (JsonElement root, byte[] image) = await GenerateAsync(harness, AnimatingModel, "1536x1024", ",\"output_format\":\"svg\"" + background);
        using SKBitmap painted = SKBitmap.Decode((await GenerateAsync(harness, AnimatingModel, "1536x1024", string.Empty)).Image);

        Assert.Equal("svg", root.GetProperty("output_format").GetString());
        XDocument document = XDocument.Parse(Encoding.UTF8.GetString(image));
        XNamespace svg = "http://www.w3.org/2000/svg";
        XElement svgRoot = document.Root!;
        Assert.Equal(svg + "svg", svgRoot.Name);
        Assert.Equal("1536", svgRoot.Attribute("width")?.Value);
        Assert.Equal("1024", svgRoot.Attribute("height")?.Value);
        Assert.Equal("0 0 1536 1024", svgRoot.Attribute("viewBox")?.Value);
        XElement[] stops = svgRoot.Descendants(svg + "stop").ToArray();
        Assert.Equal(2, stops.Length);
        Assert.Equal(Hex(painted.GetPixel(0, 0)), stops[0].Attribute("stop-color")?.Value);
        Assert.Equal(Hex(painted.GetPixel(1535, 1023)), stops[1].Attribute("stop-color")?.Value);
        Assert.Equal(transparent ? "0" : null, stops[0].Attribute("stop-opacity")?.Value);
        string fill = svgRoot.Element(svg + "rect")!.Attribute("fill")!.Value;
        Assert.Equal($"url(#{svgRoot.Descendants(svg + "linearGradient").Single().Attribute("id")!.Value})", fill);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("webp")]
    [InlineData("gif")]
    [InlineData("svg")]
    public async Task The_same_prompt_gives_the_same_bytes(string format)
    {
        await using EmulatorHarness first = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        await using EmulatorHarness second = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        string fields = $",\"output_format\":\"{format}\"";

        byte[] one = (await GenerateAsync(first, AnimatingModel, "1024x1024", fields)).Image;
        byte[] two = (await GenerateAsync(second, AnimatingModel, "1024x1024", fields)).Image;

        Assert.Equal(one, two);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Streamed_partial_and_final_images_carry_the_requested_format(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);

        HttpResponseMessage response = await harness.Client.GenerateAsync("""{"model":"gpt-image-1","prompt":"A kite","size":"1024x1536","output_format":"webp","stream":true,"partial_images":2}""");

        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        List<JsonElement> events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n').Single(line => line.StartsWith("data: ", StringComparison.Ordinal))[6..])
            .Select(json => JsonDocument.Parse(json).RootElement.Clone())
            .ToList();
        Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"], events.Select(e => e.GetProperty("type").GetString()));
        foreach (JsonElement data in events)
        {
            Assert.Equal("webp", data.GetProperty("output_format").GetString());
            using SKCodec codec = Codec(Api.Image(data));
            Assert.Equal(SKEncodedImageFormat.Webp, codec.EncodedFormat);
            Assert.Equal((1024, 1536), (codec.Info.Width, codec.Info.Height));
        }
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task The_sdk_gets_a_jpeg_with_output_compression_and_reads_it_as_jpeg(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.NoRetries);

        ImageResult result = await harness.Client.GenerateAsync(new ImageGenerationOptions(Prompt) { Model = ImageModel.GptImage1, OutputFormat = ImageOutputFormat.Jpeg, OutputCompression = 80 });

        Assert.Equal(ImageOutputFormat.Jpeg, result.OutputFormat);
        GeneratedImage image = Assert.Single(result.Images);
        Assert.Equal(".jpg", image.FileExtension);
        using SKCodec codec = Codec(image.Bytes.ToArray());
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        Assert.Equal((1024, 1024), (codec.Info.Width, codec.Info.Height));
        Assert.Equal("80", Assert.Single(harness.Emulator.Requests).Fields["output_compression"]);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task The_sdk_gets_an_animated_gif_with_its_frame_settings(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport, SdkHarness.NoRetries);

        ImageResult result = await harness.Client.GenerateAsync(new ImageGenerationOptions(Prompt)
        {
            Model = ImageModel.GptImage25Sunburst,
            Size = ImageSize.Square1024,
            OutputFormat = ImageOutputFormat.Gif,
            FrameCount = 3,
            FrameDurationMs = 500,
        });

        Assert.Equal(ImageOutputFormat.Gif, result.OutputFormat);
        GeneratedImage image = Assert.Single(result.Images);
        Assert.Equal(ImageOutputFormat.Gif, image.OutputFormat);
        using SKCodec codec = Codec(image.Bytes.ToArray());
        Assert.Equal(3, codec.FrameCount);
        Assert.All(codec.FrameInfo, frame => Assert.Equal(500, frame.Duration));
    }

    /// <summary>Odd sizes exercise the encoders' edges (partial JPEG blocks, one-pixel rows, LZW at its first code widths).</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(33, 17)]
    [InlineData(257, 3)]
    public void Odd_sizes_decode_in_every_raster_format(int width, int height)
    {
        var gradient = new Gradient(width, height, 0x1234_5678_9ABC_DEF0, transparent: false);
        using SKBitmap painted = SKBitmap.Decode(ImageEncoder.Encode(gradient, ImageOutput.Png));

        foreach ((string format, int tolerance) in new[] { ("jpeg", 24), ("webp", 0), ("gif", 26) })
        {
            using SKCodec codec = Codec(ImageEncoder.Encode(gradient, new ImageOutput(format, FrameCount: 2)));
            Assert.Equal((width, height), (codec.Info.Width, codec.Info.Height));
            using SKBitmap decoded = Frame(codec, 0);
            foreach ((int x, int y) in Probes(width, height))
            {
                AssertClose(painted.GetPixel(x, y), decoded.GetPixel(x, y), tolerance, $"{format} {width}x{height} pixel ({x}, {y})");
            }
        }
    }

    private static async Task<(JsonElement Root, byte[] Image)> GenerateAsync(EmulatorHarness harness, string model, string size, string fields)
    {
        HttpResponseMessage response = await harness.Client.GenerateAsync($$"""{"model":"{{model}}","prompt":"{{Prompt}}","size":"{{size}}"{{fields}}}""");
        JsonElement root = await response.JsonAsync();
        return (root, Api.Image(Assert.Single(Api.Items(root))));
    }

    private static SKCodec Codec(byte[] image)
    {
        SKCodec? codec = SKCodec.Create(SKData.CreateCopy(image));
        Assert.True(codec is not null, "Skia does not recognise the image");
        return codec;
    }

    /// <summary>Decodes one frame as unpremultiplied RGBA, so a pixel's colour reads back as drawn.</summary>
    private static SKBitmap Frame(SKCodec codec, int frame)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(frame));
        Assert.Equal(SKCodecResult.Success, result);
        return bitmap;
    }

    private static IEnumerable<(int X, int Y)> Probes(int width, int height) =>
        new[] { (0, 0), (width / 2, height / 3), (width / 5, height - 1), (width - 1, height - 1) }.Distinct();

    private static void AssertClose(SKColor expected, SKColor actual, int tolerance, string what)
    {
        int distance = new[] { expected.Red - actual.Red, expected.Green - actual.Green, expected.Blue - actual.Blue, expected.Alpha - actual.Alpha }.Max(Math.Abs);
        Assert.True(distance <= tolerance, $"{what}: expected {expected}, got {actual} (off by {distance}, allowed {tolerance})");
    }

    private static string Hex(SKColor colour) => string.Create(CultureInfo.InvariantCulture, $"#{colour.Red:x2}{colour.Green:x2}{colour.Blue:x2}");
}
