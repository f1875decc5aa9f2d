using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

public sealed class EditAndVariationTests
{
    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Gpt_edit_with_image_and_mask_returns_b64_png_and_usage_counting_the_input_image(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        MultipartFormDataContent form = Api.Form(("model", "gpt-image-1.5"), ("prompt", "Add a red hat"), ("size", "1536x1024"), ("quality", "high"), ("input_fidelity", "high"))
            .WithFile("image", "image.png", Png.OnePixel)
            .WithFile("mask", "mask.png", Png.OnePixel);

        JsonElement root = await (await harness.Client.PostAsync("images/edits", form)).JsonAsync();

        Assert.Equal((1536, 1024), Png.Size(Api.Image(Assert.Single(Api.Items(root)))));
        Assert.Equal("1536x1024", root.GetProperty("size").GetString());
        Assert.Equal("high", root.GetProperty("quality").GetString());
        Assert.True(root.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("image_tokens").GetInt32() > 0);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Edit_accepts_repeated_image_array_parts_and_derives_the_picture_from_the_inputs(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);

        byte[] fromTwo = await EditAsync(harness, Png.OnePixel, Png.Make(16, 16));
        byte[] fromTwoAgain = await EditAsync(harness, Png.OnePixel, Png.Make(16, 16));
        byte[] fromOthers = await EditAsync(harness, Png.OnePixel, Png.Make(32, 32));

        Assert.Equal((1024, 1024), Png.Size(fromTwo));
        Assert.Equal(fromTwo, fromTwoAgain);
        Assert.NotEqual(fromTwo, fromOthers);
        EmulatedRequest request = harness.Emulator.Requests[0];
        Assert.Equal(["image[]", "image[]"], request.Files.Select(f => f.Name));
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Dall_e_2_edit_answers_with_a_downloadable_url_of_the_requested_size(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        MultipartFormDataContent form = Api.Form(("model", "dall-e-2"), ("prompt", "Add a red hat"), ("size", "512x512"))
            .WithFile("image", "original.png", Png.Make(64, 64))
            .WithFile("mask", "mask.png", EmulatorImages.CreateMask(64, 64, new System.Drawing.Rectangle(0, 0, 32, 32)));

        JsonElement root = await (await harness.Client.PostAsync("images/edits", form)).JsonAsync();

        string url = Assert.Single(Api.Items(root)).GetProperty("url").GetString()!;
        Assert.Equal((512, 512), Png.Size(await harness.Client.GetByteArrayAsync(new Uri(url))));
        Assert.False(root.TryGetProperty("usage", out _));
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Json_edit_with_image_urls_works_for_gpt_models(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        string json = """{"model":"gpt-image-2","prompt":"Blend","images":[{"image_url":"data:image/png;base64,iVBORw0KGgo="},{"file_id":"file-abc"}],"size":"1024x1536"}""";

        JsonElement root = await (await harness.Client.PostAsync("images/edits", new StringContent(json, Encoding.UTF8, "application/json"))).JsonAsync();

        Assert.Equal((1024, 1536), Png.Size(Api.Image(Assert.Single(Api.Items(root)))));
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Dall_e_2_variation_returns_n_distinct_pngs_of_the_requested_size(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        MultipartFormDataContent form = Api.Form(("model", "dall-e-2"), ("n", "2"), ("size", "256x256"), ("response_format", "b64_json"), ("user", "user-1234"))
            .WithFile("image", "image.png", Png.OnePixel);

        JsonElement root = await (await harness.Client.PostAsync("images/variations", form)).JsonAsync();

        List<JsonElement> items = Api.Items(root);
        Assert.Equal(2, items.Count);
        Assert.Equal((256, 256), Png.Size(Api.Image(items[0])));
        Assert.Equal((256, 256), Png.Size(Api.Image(items[1])));
        Assert.NotEqual(Api.Image(items[0]), Api.Image(items[1]));
        Assert.False(root.TryGetProperty("usage", out _));
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Variation_defaults_to_a_1024_url(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        MultipartFormDataContent form = new MultipartFormDataContent().WithFile("image", "square.png", Png.Make(40, 40));

        JsonElement root = await (await harness.Client.PostAsync("images/variations", form)).JsonAsync();

        string url = Assert.Single(Api.Items(root)).GetProperty("url").GetString()!;
        HttpResponseMessage download = await harness.Client.GetAsync(new Uri(url));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal((1024, 1024), Png.Size(await download.Content.ReadAsByteArrayAsync()));
    }

    private static async Task<byte[]> EditAsync(EmulatorHarness harness, byte[] first, byte[] second)
    {
        MultipartFormDataContent form = Api.Form(("model", "gpt-image-1"), ("prompt", "Combine them"), ("quality", "low"))
            .WithFile("image[]", "a.png", first)
            .WithFile("image[]", "b.png", second);
        JsonElement root = await (await harness.Client.PostAsync("images/edits", form)).JsonAsync();
        return Api.Image(Assert.Single(Api.Items(root)));
    }
}
