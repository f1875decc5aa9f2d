using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages.Extensions.AI.Tests.Support;
using OpenAIImages.Testing;
using MeaiOptions = Microsoft.Extensions.AI.ImageGenerationOptions;

namespace OpenAIImages.Extensions.AI.Tests;

/// <summary>The generator registered with Microsoft.Extensions.AI's builder over the client from <c>AddImagesClient</c>.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddImagesImageGenerator_builds_over_the_registered_client_and_UseOpenTelemetry_wraps_the_clients_activity()
    {
        var emulator = new ImagesEmulator();
        string host = $"t{Guid.NewGuid():N}.emulator.test";
        var services = new ServiceCollection();
        services.AddImagesClient(o =>
        {
            o.ApiKey = "test";
            o.BaseAddress = new Uri($"http://{host}/v1/");
        }).ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler());
        services.AddImagesImageGenerator("gpt-image-1-mini").UseOpenTelemetry(sourceName: "OpenAIImages.Tests.Meai").UseLogging();
        using var telemetry = new TelemetryCapture("OpenAIImages.Tests.Meai");
        await using ServiceProvider provider = services.BuildServiceProvider();

        IImageGenerator generator = provider.GetRequiredService<IImageGenerator>();
        ImageGenerationResponse response = await generator.GenerateImagesAsync("A windmill", new MeaiOptions { AdditionalProperties = new() { ["quality"] = "low" } });

        Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("gpt-image-1-mini", Assert.Single(emulator.Requests).Fields["model"]);
        Assert.NotNull(generator.GetService<ImagesClient>());
        Assert.Equal(new Uri($"http://{host}/v1/"), generator.GetService<ImageGeneratorMetadata>()!.ProviderUri);
        Activity ours = Assert.Single(telemetry.Activities(host));
        Activity outer = Assert.Single(telemetry.AllActivities(), a => a.Source.Name == "OpenAIImages.Tests.Meai" && a.TraceId == ours.TraceId);
        Assert.Equal(outer.SpanId, ours.ParentSpanId);
        Assert.Equal("gpt-image-1-mini", outer.GetTagItem("gen_ai.request.model"));
        Assert.Equal(host, outer.GetTagItem("server.address"));
    }

    [Fact]
    public async Task AddKeyedImagesImageGenerator_uses_the_client_of_that_name()
    {
        var emulator = new ImagesEmulator();
        var services = new ServiceCollection();
        services.AddImagesClient("art", o =>
        {
            o.ApiKey = "test";
            o.BaseAddress = new Uri("http://art.emulator.test/v1/");
            o.DefaultModel = ImageModel.GptImage15;
        }).ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler());
        services.AddKeyedImagesImageGenerator("art");
        await using ServiceProvider provider = services.BuildServiceProvider();

        IImageGenerator generator = provider.GetRequiredKeyedService<IImageGenerator>("art");
        await generator.GenerateImagesAsync("A kite", new MeaiOptions { AdditionalProperties = new() { ["quality"] = "low" } });

        Assert.Equal("gpt-image-1.5", Assert.Single(emulator.Requests).Fields["model"]);
        Assert.Equal("gpt-image-1.5", generator.GetService<ImageGeneratorMetadata>()!.DefaultModelId);
        Assert.Null(provider.GetService<IImageGenerator>());
    }
}
