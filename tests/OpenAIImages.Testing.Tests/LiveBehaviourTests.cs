using System;
using System.Buffers.Binary;
using System.Drawing;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

/// <summary>The emulator answers as the live API does where tests of other clients notice: model ids, keys, untyped file parts, error types.</summary>
public sealed class LiveBehaviourTests
{
    [Theory]
    [InlineData("gpt-image-9")]
    [InlineData("string")]
    public async Task An_unknown_model_is_400_invalid_value_on_model_listing_the_endpoints_models(string model)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        HttpResponseMessage response = await harness.Client.GenerateAsync($$"""{"model":"{{model}}","prompt":"p"}""");

        JsonElement error = await response.ErrorAsync(HttpStatusCode.BadRequest, "model", "invalid_value");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(
            $"Invalid value: '{model}'. Supported values are: 'dall-e-2', 'dall-e-3', 'gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5', 'gpt-image-1.5-2025-12-16', "
            + "'chatgpt-image-latest', 'gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.5-flare', "
            + "'gpt-image-2.5-flare-2026-09-08', 'gpt-image-2.6-sunburst', and 'gpt-image-2.6-flare'.",
            error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_variation_with_a_model_that_has_none_lists_only_dall_e_2()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        HttpResponseMessage response = await harness.Client.PostAsync("images/variations", Api.Form(("model", "gpt-image-2")).WithFile("image", "a.png", Png.OnePixel));

        JsonElement error = await response.ErrorAsync(HttpStatusCode.BadRequest, "model", "invalid_value");
        Assert.Equal("Invalid value: 'gpt-image-2'. Supported values are: 'dall-e-2'.", error.GetProperty("message").GetString());
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_custom_model_follows_the_rules_of_the_model_it_names(TransportKind transport)
    {
        var options = new ImagesEmulatorOptions().AddModel("my-deployment", "gpt-image-2").AddModel("legacy-painter", "dall-e-3");
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport, options);

        JsonElement custom = await (await harness.Client.GenerateAsync("""{"model":"my-deployment","prompt":"p","size":"1280x720"}""")).JsonAsync();
        JsonElement legacy = await (await harness.Client.GenerateAsync("""{"model":"legacy-painter","prompt":"p","response_format":"b64_json"}""")).JsonAsync();
        HttpResponseMessage refused = await harness.Client.GenerateAsync("""{"model":"my-deployment","prompt":"p","size":"1000x1000"}""");
        HttpResponseMessage unknown = await harness.Client.GenerateAsync("""{"model":"other-deployment","prompt":"p"}""");

        Assert.Equal((1280, 720), Png.Size(Api.Image(Assert.Single(Api.Items(custom)))));
        Assert.True(custom.TryGetProperty("usage", out _));
        Assert.StartsWith("p", Assert.Single(Api.Items(legacy)).GetProperty("revised_prompt").GetString(), StringComparison.Ordinal);
        await refused.ErrorAsync(HttpStatusCode.BadRequest, "size", "invalid_value");
        JsonElement error = await unknown.ErrorAsync(HttpStatusCode.BadRequest, "model", "invalid_value");
        Assert.EndsWith("'gpt-image-2.6-flare', 'my-deployment', and 'legacy-painter'.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("gpt-image-2", options.CustomModels["my-deployment"]);
    }

    [Fact]
    public void A_custom_model_must_follow_a_built_in_model_and_not_replace_one()
    {
        var options = new ImagesEmulatorOptions();

        ArgumentException notBuiltIn = Assert.Throws<ArgumentException>(() => options.AddModel("mine", "gpt-image-9"));
        ArgumentException builtIn = Assert.Throws<ArgumentException>(() => options.AddModel("dall-e-2", "gpt-image-2"));

        Assert.Equal("followsRulesOf", notBuiltIn.ParamName);
        Assert.Contains("'gpt-image-9' is not a built-in model", notBuiltIn.Message, StringComparison.Ordinal);
        Assert.Equal("id", builtIn.ParamName);
        Assert.Empty(options.CustomModels);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_key_with_spaces_is_a_key(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Client.DefaultRequestHeaders.Authorization = null;
        harness.Client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer My API Key");

        HttpResponseMessage response = await harness.Client.GenerateAsync("""{"prompt":"p","size":"256x256"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer ***", Assert.Single(harness.Emulator.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task A_key_with_spaces_can_be_the_one_required_key()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess, new ImagesEmulatorOptions { ApiKey = "My API Key" });
        harness.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "My API Key");

        HttpResponseMessage right = await harness.Client.GenerateAsync("""{"prompt":"p","size":"256x256"}""");
        harness.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "My API");
        HttpResponseMessage wrong = await harness.Client.GenerateAsync("""{"prompt":"p","size":"256x256"}""");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        await wrong.ErrorAsync(HttpStatusCode.Unauthorized, null, "invalid_api_key");
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task File_parts_without_a_content_type_are_typed_from_their_bytes(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        MultipartFormDataContent gptEdit = Api.Form(("model", "gpt-image-1"), ("prompt", "p"))
            .WithUntypedFile("image", "photo", EmulatorImages.CreatePng(20, 10))
            .WithUntypedFile("mask", "mask", EmulatorImages.CreateMask(20, 10, new Rectangle(0, 0, 10, 10)));
        MultipartFormDataContent dallEEdit = Api.Form(("model", "dall-e-2"), ("prompt", "p"), ("response_format", "b64_json"), ("size", "256x256"))
            .WithUntypedFile("image", "photo.png", EmulatorImages.CreatePng(16, 16));
        MultipartFormDataContent variation = new MultipartFormDataContent().WithUntypedFile("image", "photo.png", EmulatorImages.CreatePng(16, 16));

        HttpResponseMessage gpt = await harness.Client.PostAsync("images/edits", gptEdit);
        HttpResponseMessage dallE = await harness.Client.PostAsync("images/edits", dallEEdit);
        HttpResponseMessage varied = await harness.Client.PostAsync("images/variations", variation);

        Assert.Equal((1024, 1024), Png.Size(Api.Image(Assert.Single(Api.Items(await gpt.JsonAsync())))));
        Assert.Equal((256, 256), Png.Size(Api.Image(Assert.Single(Api.Items(await dallE.JsonAsync())))));
        await varied.JsonAsync();
        Assert.All(harness.Emulator.Requests[0].Files, f => Assert.Equal(string.Empty, f.ContentType));
    }

    [Fact]
    public async Task A_file_part_without_a_content_type_whose_bytes_are_no_image_is_refused_as_unsupported()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        MultipartFormDataContent form = Api.Form(("model", "gpt-image-1"), ("prompt", "p")).WithUntypedFile("image", "notes.txt", Encoding.ASCII.GetBytes("GIF89a is not taken"));

        HttpResponseMessage response = await harness.Client.PostAsync("images/edits", form);

        JsonElement error = await response.ErrorAsync(HttpStatusCode.BadRequest, "image", "unsupported_file_mimetype");
        Assert.Equal(
            "Invalid file 'image': unsupported mimetype ('application/octet-stream'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.",
            error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("gpt-image-2")]
    [InlineData("gpt-image-2-2026-04-21")]
    [InlineData("gpt-image-2.5-flare")]
    public async Task Input_fidelity_for_gpt_image_2_and_later_is_an_image_generation_user_error(string model)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        MultipartFormDataContent form = Api.Form(("model", model), ("prompt", "p"), ("input_fidelity", "high")).WithFile("image", "a.png", Png.OnePixel);

        HttpResponseMessage response = await harness.Client.PostAsync("images/edits", form);

        JsonElement error = await response.ErrorAsync(HttpStatusCode.BadRequest, "input_fidelity", "invalid_input_fidelity_model");
        Assert.Equal("image_generation_user_error", error.GetProperty("type").GetString());
        Assert.Equal($"The model '{model}' does not support the 'input_fidelity' parameter.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("gpt-image-2.5-sunburst", "quality", "hd", "invalid_value")]
    [InlineData("gpt-image-2.6-flare", "style", "vivid", "unsupported_parameter")]
    public async Task The_newest_models_refuse_the_dall_e_parameters(string model, string param, string value, string code)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        HttpResponseMessage response = await harness.Client.GenerateAsync($$"""{"model":"{{model}}","prompt":"p","{{param}}":"{{value}}"}""");

        await response.ErrorAsync(HttpStatusCode.BadRequest, param, code);
    }

    [Fact]
    public async Task A_mask_without_an_alpha_channel_is_refused()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        MultipartFormDataContent form = Api.Form(("model", "dall-e-2"), ("prompt", "p"))
            .WithFile("image", "a.png", EmulatorImages.CreatePng(16, 16))
            .WithFile("mask", "rgb.png", Png.Make(16, 16));

        HttpResponseMessage response = await harness.Client.PostAsync("images/edits", form);

        JsonElement error = await response.ErrorAsync(HttpStatusCode.BadRequest, "mask", "invalid_image_format");
        Assert.Contains("no alpha channel", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateMask_makes_an_rgba_png_transparent_exactly_in_the_region()
    {
        byte[] mask = EmulatorImages.CreateMask(6, 4, new Rectangle(1, 2, 3, 2));

        (int width, int height, int colorType) = Png.Read(mask);
        byte[][] alpha = Alpha(mask, width, height);

        Assert.Equal((6, 4, 6), (width, height, colorType));
        Assert.Equal(
            [
                [255, 255, 255, 255, 255, 255],
                [255, 255, 255, 255, 255, 255],
                [255, 0, 0, 0, 255, 255],
                [255, 0, 0, 0, 255, 255],
            ],
            alpha);
    }

    [Fact]
    public void CreatePng_makes_an_opaque_rgba_png_of_the_size()
    {
        byte[] png = EmulatorImages.CreatePng(5, 3);

        (int width, int height, int colorType) = Png.Read(png);

        Assert.Equal((5, 3, 6), (width, height, colorType));
        Assert.All(Alpha(png, width, height), row => Assert.All(row, a => Assert.Equal(255, a)));
        Assert.Equal(png, EmulatorImages.CreatePng(5, 3));
    }

    [Fact]
    public void CreateMask_refuses_a_region_outside_the_image()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorImages.CreateMask(10, 10, new Rectangle(5, 5, 6, 1)));
        Assert.Equal("transparentRegion", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorImages.CreatePng(0, 10));
    }

    /// <summary>Inflates an RGBA PNG written with filter 0 on every row (as the emulator writes them) and returns each pixel's alpha.</summary>
    private static byte[][] Alpha(byte[] png, int width, int height)
    {
        using var idat = new MemoryStream();
        int offset = 8;
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            if (Encoding.ASCII.GetString(png, offset + 4, 4) == "IDAT")
            {
                idat.Write(png, offset + 8, length);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(pixels);
        }

        byte[] raw = pixels.ToArray();
        var rows = new byte[height][];
        int stride = 1 + (width * 4);
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * stride]);
            rows[y] = new byte[width];
            for (int x = 0; x < width; x++)
            {
                rows[y][x] = raw[(y * stride) + 1 + (x * 4) + 3];
            }
        }

        return rows;
    }
}
