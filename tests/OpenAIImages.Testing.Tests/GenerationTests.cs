using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

public sealed class GenerationTests
{
    public static IEnumerable<object[]> ModelsAndSizes() => Transports.Cross(
    [
        ["dall-e-2", "512x512", 512, 512],
        ["dall-e-3", "1792x1024", 1792, 1024],
        ["gpt-image-1", "1536x1024", 1536, 1024],
        ["gpt-image-1-mini", "1024x1536", 1024, 1536],
        ["gpt-image-1.5", "auto", 1024, 1024],
        ["chatgpt-image-latest", "1024x1024", 1024, 1024],
        ["gpt-image-2", "1280x720", 1280, 720],
        ["gpt-image-2-2026-04-21", "2048x1152", 2048, 1152],
    ]);

    [Theory]
    [MemberData(nameof(ModelsAndSizes))]
    public async Task Generation_returns_a_valid_png_of_the_requested_size_for_each_known_model(TransportKind transport, string model, string size, int width, int height)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        bool dallE = model.StartsWith("dall-e", StringComparison.Ordinal);
        string responseFormat = dallE ? ",\"response_format\":\"b64_json\"" : string.Empty;

        HttpResponseMessage response = await harness.Client.GenerateAsync($$"""{"model":"{{model}}","prompt":"A lighthouse at dusk","size":"{{size}}"{{responseFormat}}}""");

        JsonElement root = await response.JsonAsync();
        Assert.Matches("^req_[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.InRange(root.GetProperty("created").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        JsonElement item = Assert.Single(Api.Items(root));
        Assert.Equal((width, height), Png.Size(Api.Image(item)));
        Assert.Equal(model == "dall-e-3", item.TryGetProperty("revised_prompt", out JsonElement revised));
        if (model == "dall-e-3")
        {
            Assert.StartsWith("A lighthouse at dusk", revised.GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(!dallE, root.TryGetProperty("usage", out JsonElement usage));
        if (!dallE)
        {
            Assert.Equal($"{width}x{height}", root.GetProperty("size").GetString());
            Assert.Equal("png", root.GetProperty("output_format").GetString());
            Assert.Equal("opaque", root.GetProperty("background").GetString());
            Assert.Contains(root.GetProperty("quality").GetString(), new[] { "low", "medium", "high" });
            int input = usage.GetProperty("input_tokens").GetInt32();
            int output = usage.GetProperty("output_tokens").GetInt32();
            Assert.True(input > 0 && output > 0);
            Assert.Equal(input + output, usage.GetProperty("total_tokens").GetInt32());
            JsonElement details = usage.GetProperty("input_tokens_details");
            Assert.Equal(input, details.GetProperty("text_tokens").GetInt32() + details.GetProperty("image_tokens").GetInt32());
        }
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Dall_e_url_images_are_served_by_the_emulator_without_auth(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);

        JsonElement root = await (await harness.Client.GenerateAsync("""{"model":"dall-e-2","prompt":"Two cats","n":2,"size":"256x256"}""")).JsonAsync();

        List<JsonElement> items = Api.Items(root);
        Assert.Equal(2, items.Count);
        var downloads = new List<byte[]>();
        foreach (JsonElement item in items)
        {
            var url = new Uri(item.GetProperty("url").GetString()!);
            Assert.Equal(harness.Client.BaseAddress!.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
            Assert.StartsWith("/v1/emulator/images/", url.AbsolutePath, StringComparison.Ordinal);
            using var anonymous = new HttpRequestMessage(HttpMethod.Get, url);
            HttpResponseMessage download = await harness.Client.SendAsync(anonymous);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
            byte[] png = await download.Content.ReadAsByteArrayAsync();
            Assert.Equal((256, 256), Png.Size(png));
            downloads.Add(png);
        }

        Assert.NotEqual(downloads[0], downloads[1]);
        Assert.Single(harness.Emulator.Requests);
    }

    [Fact]
    public async Task Image_urls_need_no_api_key_and_unknown_ids_are_404()
    {
        var emulator = new ImagesEmulator();
        using var client = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://localhost/v1/") };

        HttpResponseMessage missing = await client.GetAsync("emulator/images/img_0000.png");

        await missing.ErrorAsync(HttpStatusCode.NotFound, null, "not_found");
    }

    [Fact]
    public async Task The_same_prompt_gives_the_same_picture_and_another_prompt_another()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        byte[] first = await GenerateOneAsync(harness, "A red fox");
        byte[] again = await GenerateOneAsync(harness, "A red fox");
        byte[] other = await GenerateOneAsync(harness, "A blue whale");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Transparent_background_gives_an_rgba_png(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);

        JsonElement root = await (await harness.Client.GenerateAsync("""{"model":"gpt-image-1","prompt":"A sticker","background":"transparent","output_format":"png","quality":"low"}""")).JsonAsync();

        Assert.Equal("transparent", root.GetProperty("background").GetString());
        Assert.Equal("low", root.GetProperty("quality").GetString());
        (int width, int height, int colorType) = Png.Read(Api.Image(Assert.Single(Api.Items(root))));
        Assert.Equal((1024, 1024, 6), (width, height, colorType));
    }

    [Theory]
    [InlineData("3840x2160", 3840, 2160)]
    [InlineData("1024x640", 1024, 640)]
    [InlineData("2304x768", 2304, 768)]
    [InlineData("768x2304", 768, 2304)]
    public async Task Gpt_image_2_accepts_custom_sizes_at_the_edge_ratio_and_pixel_limits(string size, int width, int height)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        JsonElement root = await (await harness.Client.GenerateAsync($$"""{"model":"gpt-image-2","prompt":"Wide","size":"{{size}}","quality":"low"}""")).JsonAsync();

        Assert.Equal((width, height), Png.Size(Api.Image(Assert.Single(Api.Items(root)))));
        Assert.Equal(size, root.GetProperty("size").GetString());
    }

    [Fact]
    public async Task Gpt_image_2_6_takes_custom_sizes_and_complexity()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        JsonElement root = await (await harness.Client.GenerateAsync("""{"model":"gpt-image-2.6-flare","prompt":"A comet","size":"1536x864","complexity":"high","quality":"xhigh"}""")).JsonAsync();

        Assert.Equal((1536, 864), Png.Size(Api.Image(Assert.Single(Api.Items(root)))));
        Assert.True(root.TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task The_model_defaults_to_dall_e_2_and_its_url_answer()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        JsonElement root = await (await harness.Client.GenerateAsync("""{"prompt":"A default"}""")).JsonAsync();

        Assert.True(Assert.Single(Api.Items(root)).TryGetProperty("url", out _));
        Assert.False(root.TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task Paths_without_the_v1_prefix_are_served_too()
    {
        var emulator = new ImagesEmulator();
        using var client = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://emulated.example/") };
        client.DefaultRequestHeaders.Add("Authorization", "Bearer sk-test");

        JsonElement root = await (await client.GenerateAsync("""{"model":"dall-e-2","prompt":"No prefix","size":"256x256"}""")).JsonAsync();

        var url = new Uri(Assert.Single(Api.Items(root)).GetProperty("url").GetString()!);
        Assert.Equal("http://emulated.example/emulator/images/", url.GetLeftPart(UriPartial.Path)[..^url.Segments[^1].Length]);
        Assert.Equal((256, 256), Png.Size(await client.GetByteArrayAsync(url)));
    }

    private static async Task<byte[]> GenerateOneAsync(EmulatorHarness harness, string prompt)
    {
        JsonElement root = await (await harness.Client.GenerateAsync($$"""{"model":"gpt-image-1.5","prompt":"{{prompt}}","quality":"low"}""")).JsonAsync();
        return Api.Image(Assert.Single(Api.Items(root)));
    }
}
