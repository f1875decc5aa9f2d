using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary>An <see cref="ImagesClient"/> resolved from dependency injection talks to the emulator with one line of setup.</summary>
public sealed class SdkDependencyInjectionTests
{
    [Fact]
    public async Task AddImagesClient_with_the_emulator_as_primary_handler_resolves_a_working_client()
    {
        var emulator = new ImagesEmulator();
        var services = new ServiceCollection();
        services.AddImagesClient(o =>
        {
            o.ApiKey = "sk-test";
            o.BaseAddress = new Uri("http://localhost/v1/");
        }).ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler());
        await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        ImagesClient client = provider.GetRequiredService<ImagesClient>();
        ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("A lighthouse") { Model = ImageModel.GptImage2, Size = "1024x1024", Quality = ImageQuality.Low });

        Assert.Equal((1024, 1024, 2), SdkImages.ReadBytes(Assert.Single(result.Images)));
        Assert.NotNull(result.Usage);
        Assert.Equal("Bearer ***", Assert.Single(emulator.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task AddImagesClient_pointed_at_the_emulator_server_resolves_a_working_client()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync(port: 0);
        var services = new ServiceCollection();
        services.AddImagesClient(o =>
        {
            o.ApiKey = "sk-test";
            o.BaseAddress = server.BaseAddress;
        });
        await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        ImagesClient client = provider.GetRequiredService<ImagesClient>();
        ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("A lighthouse") { Model = ImageModel.DallE2, Size = ImageSize.Square256 });

        GeneratedImage image = Assert.Single(result.Images);
        Assert.Equal("127.0.0.1", image.Url!.Host);
        Assert.Equal(server.BaseAddress.Port, image.Url.Port);
        Assert.Single(emulator.Requests);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Named_clients_from_IImagesClientFactory_share_the_emulator(TransportKind transport)
    {
        var emulator = new ImagesEmulator();
        EmulatorServer? server = transport == TransportKind.Kestrel ? await emulator.StartServerAsync() : null;
        try
        {
            var services = new ServiceCollection();
            IHttpClientBuilder builder = services.AddImagesClient("art", o =>
            {
                o.ApiKey = "sk-test";
                o.BaseAddress = server?.BaseAddress ?? new Uri("http://localhost/v1/");
                o.DefaultModel = ImageModel.GptImage15;
            });
            if (server is null)
            {
                builder.ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler());
            }

            await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);
            ImagesClient client = provider.GetRequiredService<IImagesClientFactory>().CreateClient("art");

            ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("A lighthouse") { Quality = ImageQuality.Low });

            Assert.Single(result.Images);
            Assert.Equal("gpt-image-1.5", Assert.Single(emulator.Requests).Fields["model"]);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
