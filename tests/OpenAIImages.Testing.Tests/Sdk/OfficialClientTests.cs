using System;
using System.ClientModel;
using System.Drawing;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAI;
using OfficialImages = OpenAI.Images;
using OpenAIImages.Testing.Tests.Support;

// The official client marks the GPT image sizes as evaluation-only (OPENAI001); these tests use them on purpose.
#pragma warning disable OPENAI001

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary>The official OpenAI .NET client (2.15.0) against the emulator on Kestrel: its wire format must be served as the live API serves it.</summary>
public sealed class OfficialClientTests : IAsyncLifetime
{
    private const string Prompt = "A lighthouse at dusk";

    private readonly ImagesEmulator _emulator = new();
    private readonly HttpClient _downloads = new() { Timeout = TimeSpan.FromSeconds(30) };
    private EmulatorServer? _server;

    public async Task InitializeAsync() => _server = await _emulator.StartServerAsync();

    public async Task DisposeAsync()
    {
        _downloads.Dispose();
        await _server!.DisposeAsync();
    }

    [Fact]
    public async Task Generation_with_gpt_image_1_returns_png_bytes()
    {
        OfficialImages.ImageClient client = Client("gpt-image-1");

        OfficialImages.GeneratedImage image = await client.GenerateImageAsync(Prompt, new OfficialImages.ImageGenerationOptions { Size = OfficialImages.GeneratedImageSize.W1536xH1024 });

        Assert.Equal((1536, 1024), Png.Size(image.ImageBytes.ToArray()));
        EmulatedRequest request = Assert.Single(_emulator.Requests);
        Assert.Equal("/v1/images/generations", request.Path);
        Assert.Equal("gpt-image-1", request.Fields["model"]);
    }

    [Fact]
    public async Task Generation_with_dall_e_3_as_url_downloads_a_png_and_revises_the_prompt()
    {
        OfficialImages.ImageClient client = Client("dall-e-3");

        OfficialImages.GeneratedImage image = await client.GenerateImageAsync(Prompt, new OfficialImages.ImageGenerationOptions { ResponseFormat = OfficialImages.GeneratedImageFormat.Uri, Size = OfficialImages.GeneratedImageSize.W1792xH1024 });

        Assert.Null(image.ImageBytes);
        Assert.Equal((1792, 1024), Png.Size(await _downloads.GetByteArrayAsync(image.ImageUri)));
        Assert.StartsWith(Prompt, image.RevisedPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_with_a_gpt_model_and_no_mask_returns_png_bytes_from_a_part_sent_without_content_type()
    {
        OfficialImages.ImageClient client = Client("gpt-image-1");
        using var image = new MemoryStream(EmulatorImages.CreatePng(64, 48));

        OfficialImages.GeneratedImage edited = await client.GenerateImageEditAsync(image, "photo.png", "Add a red hat", new OfficialImages.ImageEditOptions { Size = OfficialImages.GeneratedImageSize.W1024xH1536 });

        Assert.Equal((1024, 1536), Png.Size(edited.ImageBytes.ToArray()));
        EmulatedFile sent = Assert.Single(Assert.Single(_emulator.Requests).Files);
        Assert.Equal(("image", "photo.png", string.Empty), (sent.Name, sent.FileName, sent.ContentType));
    }

    [Fact]
    public async Task Edit_with_dall_e_2_and_a_mask_returns_a_url_of_the_requested_size()
    {
        OfficialImages.ImageClient client = Client("dall-e-2");
        using var image = new MemoryStream(EmulatorImages.CreatePng(32, 32));
        using var mask = new MemoryStream(EmulatorImages.CreateMask(32, 32, new Rectangle(8, 8, 16, 16)));

        OfficialImages.GeneratedImage edited = await client.GenerateImageEditAsync(
            image, "room.png", "Add a cat", mask, "mask.png", new OfficialImages.ImageEditOptions { Size = OfficialImages.GeneratedImageSize.W512xH512, ResponseFormat = OfficialImages.GeneratedImageFormat.Uri });

        Assert.Equal((512, 512), Png.Size(await _downloads.GetByteArrayAsync(edited.ImageUri)));
        Assert.Equal(["image", "mask"], Assert.Single(_emulator.Requests).Files.Select(f => f.Name));
    }

    [Fact]
    public async Task Edit_with_a_mask_for_a_gpt_model_returns_png_bytes()
    {
        OfficialImages.ImageClient client = Client("gpt-image-1.5");
        using var image = new MemoryStream(EmulatorImages.CreatePng(40, 40));
        using var mask = new MemoryStream(EmulatorImages.CreateMask(40, 40, new Rectangle(0, 0, 20, 40)));

        OfficialImages.GeneratedImage edited = await client.GenerateImageEditAsync(image, "room.png", "Paint the left half blue", mask, "mask.png");

        Assert.Equal((1024, 1024), Png.Size(edited.ImageBytes.ToArray()));
    }

    [Fact]
    public async Task Variations_with_dall_e_2_return_bytes_or_urls_as_asked()
    {
        OfficialImages.ImageClient client = Client("dall-e-2");
        using var first = new MemoryStream(EmulatorImages.CreatePng(24, 24));
        using var second = new MemoryStream(EmulatorImages.CreatePng(24, 24));

        OfficialImages.GeneratedImageCollection asBytes = await client.GenerateImageVariationsAsync(
            first, "square.png", 2, new OfficialImages.ImageVariationOptions { ResponseFormat = OfficialImages.GeneratedImageFormat.Bytes, Size = OfficialImages.GeneratedImageSize.W256xH256 });
        OfficialImages.GeneratedImage asUrl = await client.GenerateImageVariationAsync(second, "square.png", new OfficialImages.ImageVariationOptions { Size = OfficialImages.GeneratedImageSize.W256xH256 });

        Assert.Equal(2, asBytes.Count);
        Assert.All(asBytes, image => Assert.Equal((256, 256), Png.Size(image.ImageBytes.ToArray())));
        Assert.NotEqual(asBytes[0].ImageBytes.ToArray(), asBytes[1].ImageBytes.ToArray());
        Assert.Equal((256, 256), Png.Size(await _downloads.GetByteArrayAsync(asUrl.ImageUri)));
    }

    [Fact]
    public async Task A_request_the_emulator_refuses_surfaces_as_the_clients_ClientResultException_with_the_live_body()
    {
        OfficialImages.ImageClient client = Client("gpt-image-9");

        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateImageAsync(Prompt));

        Assert.Equal(400, error.Status);
        using var body = System.Text.Json.JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        System.Text.Json.JsonElement details = body.RootElement.GetProperty("error");
        Assert.Equal(("invalid_request_error", "model", "invalid_value"), (details.GetProperty("type").GetString(), details.GetProperty("param").GetString(), details.GetProperty("code").GetString()));
        Assert.StartsWith("Invalid value: 'gpt-image-9'. Supported values are: 'dall-e-2', 'dall-e-3', 'gpt-image-1', ", details.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A client as a user would make one for a compatible server: the emulator's base address, a key with spaces, no retries.</summary>
    private OfficialImages.ImageClient Client(string model) => new(
        model,
        new ApiKeyCredential("My API Key"),
        new OpenAIClientOptions { Endpoint = _server!.BaseAddress, RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0), NetworkTimeout = TimeSpan.FromSeconds(30) });
}
