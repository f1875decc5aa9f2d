using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages.Readme.Tests.Support;
using OpenAIImages.Testing;
using OpenAIImages.Tests.Shared;
using Xunit;

namespace OpenAIImages.Readme.Tests;

/// <summary>Every C# block of the README runs, as written, against the emulator; each test checks what the block promises.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class ReadmeSnippetTests
{
    [Fact]
    public async Task Quick_start_saves_the_watercolor_lighthouse_from_the_server_the_environment_names()
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = "test" }); // any other key is refused with 401
        await using EmulatorServer server = await emulator.StartServerAsync();
        using var scope = new SnippetScope(server.BaseAddress);

        MethodInfo main = typeof(Program).GetMethod("<Main>$", BindingFlags.NonPublic | BindingFlags.Static)!;
        await (Task)main.Invoke(null, [Array.Empty<string>()])!;

        Assert.Equal((1536, 1024), PngHeader.SizeOf(scope.PathOf("lighthouse.png")));
        EmulatedRequest sent = Assert.Single(emulator.Requests);
        Assert.Equal("gpt-image-2", sent.Fields["model"]);
        Assert.Equal("high", sent.Fields["quality"]);
        Assert.Equal("1536x1024", sent.Fields["size"]);
    }

    [Fact]
    public async Task Generate_to_files_writes_the_four_moons_into_out()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        using var scope = new SnippetScope(server.BaseAddress);
        var client = new ImagesClient(ImagesClientOptions.FromEnvironment());

        ImageResult saved = await ReadmeUser.GenerateToFilesBlock.Snippet.GenerateToFiles(client);

        Assert.Equal(4, saved.Images.Count);
        Assert.Equal(
            saved.Images.Select(i => Path.GetFullPath(i.FilePath!)).Order(StringComparer.Ordinal),
            Directory.GetFiles(scope.PathOf("out")).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).Select(Path.GetFullPath).Order(StringComparer.Ordinal));
        Assert.Equal(scope.PathOf("out", "image-0.png"), Path.GetFullPath(saved.Images[0].FilePath!));
        Assert.All(saved.Images, i => PngHeader.SizeOf(i.FilePath!));
        Assert.Equal("4", emulator.Requests.First(r => r.Path == "/v1/images/generations").Fields["n"]);
    }

    [Fact]
    public async Task Edit_sends_the_room_the_lamp_and_the_mask_as_files_then_the_online_images_as_json()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        using var scope = new SnippetScope(server.BaseAddress);
        var client = new ImagesClient(ImagesClientOptions.FromEnvironment());
        File.WriteAllBytes("room.png", PngEncoder.Encode(64, 64, (x, y) => (200, 180, 150, 255)));
        File.WriteAllBytes("mask.png", PngEncoder.Encode(64, 64, (x, y) => (0, 0, 0, (byte)(x < 32 ? 0 : 255))));
        ImageResult lamp = await client.GenerateAsync(new ImageGenerationOptions("a lamp") { Model = ImageModel.GptImage2, OutputFormat = ImageOutputFormat.Jpeg, Quality = ImageQuality.Low });
        await lamp.Images[0].SaveAsync("lamp.jpg");

        await ReadmeUser.EditBlock.Snippet.Edit(client);

        EmulatedRequest[] edits = emulator.Requests.Where(r => r.Path == "/v1/images/edits").ToArray();
        Assert.Equal(2, edits.Length);
        Assert.Equal("gpt-image-2", edits[0].Fields["model"]);
        Assert.Equal(
            ["image[]: room.png (image/png)", "image[]: lamp.jpg (image/jpeg)", "mask: mask.png (image/png)"],
            edits[0].Files.Select(f => $"{f.Name}: {f.FileName} ({f.ContentType})"));
        Assert.StartsWith("application/json", edits[1].Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("https://example.com/room.png", edits[1].Fields["images"], StringComparison.Ordinal);
        Assert.Contains("file-abc", edits[1].Fields["images"], StringComparison.Ordinal);
        Assert.Empty(edits[1].Files);
    }

    [Fact]
    public async Task Costs_estimates_under_the_limit_then_sends_the_request_and_prices_its_answer()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        using var scope = new SnippetScope(server.BaseAddress);
        var client = new ImagesClient(ImagesClientOptions.FromEnvironment());

        // gpt-image-2 at low quality, size auto: the dearest is 1024x1024 at $0.006; the prompt's 12 bytes + 64 = 76
        // text tokens x $5/1M = $0.00038. The README's comment says 0.00638.
        ImageCostEstimate estimate = client.EstimateCost(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2, Quality = ImageQuality.Low });
        await ReadmeUser.CostsBlock.Snippet.Costs(client);

        Assert.Equal(0.00638m, estimate.Amount);
        Assert.Equal("at most 0.00638 USD (gpt-image-2)", estimate.ToString());
        Assert.Equal("low", Assert.Single(emulator.Requests).Fields["quality"]);
    }

    [Fact]
    public async Task Streaming_saves_both_partial_images_and_the_final_one()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        using var scope = new SnippetScope(server.BaseAddress);
        var client = new ImagesClient(ImagesClientOptions.FromEnvironment());

        await ReadmeUser.StreamingBlock.Snippet.Streaming(client);

        Assert.Equal(
            ["final.png", "partial-0.png", "partial-1.png"],
            Directory.GetFiles(scope.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(scope.Folder), f => PngHeader.SizeOf(f));
        Assert.Equal("true", Assert.Single(emulator.Requests).Fields["stream"]);
    }

    [Fact]
    public async Task Dependency_injection_registers_a_client_with_the_configured_key_that_retries_three_times()
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = "sk-from-configuration" }); // any other key is refused with 401
        var services = new ServiceCollection();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OpenAI:ApiKey"] = "sk-from-configuration" }).Build();

        ReadmeUser.DependencyInjectionBlock.Snippet.DependencyInjection(services, configuration);

        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler()));
        await using ServiceProvider provider = services.BuildServiceProvider();
        emulator.FailNext(3, EmulatedFault.RateLimited(TimeSpan.Zero)); // the default of 2 retries would end in ImagesRateLimitException
        ImageResult result = await provider.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("a kite") { Model = ImageModel.GptImage2, Quality = ImageQuality.Low });

        Assert.Single(result.Images);
        Assert.Equal(4, emulator.Requests.Count);
    }

    [Fact]
    public async Task The_emulator_registered_with_dependency_injection_retries_a_429_on_the_fake_clock()
    {
        var services = new ServiceCollection();
        (ImagesEmulator emulator, Microsoft.Extensions.Time.Testing.FakeTimeProvider time) = ReadmeUser.EmulatorDependencyInjectionBlock.Snippet.EmulatorDependencyInjection(services);
        await using ServiceProvider provider = services.BuildServiceProvider();

        Task<ImageResult> call = provider.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("a kite") { Quality = ImageQuality.Low });
        for (int i = 0; i < 600 && !call.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        ImageResult result = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(result.Images);
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task Extensions_AI_edit_sends_every_image_and_the_registered_generator_calls_the_registered_client()
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = "sk-for-di" }); // any other key is refused with 401
        var client = new ImagesClient(new HttpClient(emulator.CreateHandler()), new ImagesClientOptions { ApiKey = "sk-for-di", BaseAddress = new Uri("http://localhost/v1/") });
        byte[] photo = PngEncoder.Encode(48, 48, (x, y) => (10, 20, 30, 255));
        byte[] logo = PngEncoder.Encode(16, 16, (x, y) => (250, 0, 0, 255));
        var services = new ServiceCollection();

        ImageGenerationResponse response = await ReadmeUser.ExtensionsAIBlock.Snippet.ExtensionsAI(client, photo, logo, services, "sk-for-di");

        Assert.Equal(2, response.Contents.Count);
        Assert.All(response.Contents, c => Assert.Equal("image/png", Assert.IsType<DataContent>(c).MediaType));
        EmulatedRequest edit = Assert.Single(emulator.Requests);
        Assert.Equal([photo.Length, logo.Length], edit.Files.Where(f => f.Name == "image[]").Select(f => (int)f.Length));
        Assert.Equal("high", edit.Fields["quality"]);

        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler()));
        await using ServiceProvider provider = services.BuildServiceProvider();
        ImageGenerationResponse generated = await provider.GetRequiredService<IImageGenerator>().GenerateImagesAsync("a mug");

        Assert.IsType<DataContent>(Assert.Single(generated.Contents));
        EmulatedRequest viaDi = emulator.Requests[^1];
        Assert.Equal("gpt-image-2", viaDi.Fields["model"]);
    }

    [Fact]
    public async Task Emulator_snippet_serves_a_dall_e_call_after_the_scripted_rate_limit_in_process_and_over_kestrel()
    {
        await ReadmeUser.EmulatorBlock.Snippet.Emulator(async (emulator, client, server) =>
        {
            ImageResult inProcess = await client.GenerateAsync(new ImageGenerationOptions("a fox") { Model = ImageModel.DallE2, Size = new ImageSize(256, 256) });

            Assert.Single(inProcess.Images);
            Assert.Equal(2, emulator.Requests.Count); // the scripted 429, then its retry

            var overHttp = new ImagesClient(new ImagesClientOptions { ApiKey = "test", BaseAddress = server.BaseAddress });
            ImageResult overKestrel = await overHttp.GenerateAsync(new ImageGenerationOptions("a fox") { Model = ImageModel.DallE2, Size = new ImageSize(256, 256) });

            Assert.Single(overKestrel.Images);
            Assert.Equal(3, emulator.Requests.Count);
            Assert.StartsWith("http://127.0.0.1:", server.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Errors_a_failure_of_the_service_is_caught_by_the_one_root_and_printed()
    {
        var emulator = new ImagesEmulator();
        emulator.FailNext(3, EmulatedFault.ServerError()); // the first attempt and both retries
        var client = new ImagesClient(new HttpClient(emulator.CreateHandler()), new ImagesClientOptions { ApiKey = "test", BaseAddress = new Uri("http://localhost/v1/") });
        var printed = new StringWriter();
        TextWriter console = Console.Out;
        Console.SetOut(printed);
        try
        {
            await ReadmeUser.ErrorsBlock.Snippet.Errors(client);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.StartsWith("The Images API answered 500", printed.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, emulator.Requests.Count);
    }

    [Fact]
    public async Task Azure_block_calls_the_deployment_form_with_the_api_key_and_prints_the_filter_verdict()
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { Azure = true, ApiKey = "azure-test-key" }.AddDeployment("images-prod", "gpt-image-2"));
        await using EmulatorServer server = await emulator.StartServerAsync();
        string? endpoint = Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT");
        string? key = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY");
        var printed = new StringWriter();
        TextWriter console = Console.Out;
        try
        {
            Environment.SetEnvironmentVariable("AZURE_OPENAI_ENDPOINT", server.BaseAddress.AbsoluteUri);
            Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", "azure-test-key");
            Console.SetOut(printed);

            ImageResult result = await ReadmeUser.AzureBlock.Snippet.Azure();

            Assert.Single(result.Images);
        }
        finally
        {
            Console.SetOut(console);
            Environment.SetEnvironmentVariable("AZURE_OPENAI_ENDPOINT", endpoint);
            Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", key);
        }

        Assert.Equal("violence: safe", printed.ToString().Trim());
        EmulatedRequest sent = Assert.Single(emulator.Requests);
        Assert.Equal("/openai/deployments/images-prod/images/generations", sent.Path);
    }

    [Fact]
    public async Task Redis_block_takes_the_images_from_the_shared_budget_in_redis()
    {
        var redisServer = new OpenAIImages.Redis.Tests.Support.RedisServer();
        await redisServer.InitializeAsync();
        try
        {
            var emulator = new ImagesEmulator();
            var services = new ServiceCollection();
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Redis"] = $"127.0.0.1:{redisServer.Port}" }).Build();

            await using StackExchange.Redis.ConnectionMultiplexer redis = await ReadmeUser.RedisBlock.Snippet.Redis(services, configuration);

            services.Configure<ImagesClientOptions>(Microsoft.Extensions.Options.Options.DefaultName, o =>
            {
                o.ApiKey = "test";
                o.BaseAddress = new Uri("http://localhost/v1/");
            });
            services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler()));
            await using ServiceProvider provider = services.BuildServiceProvider();
            await provider.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("a kite") { Model = ImageModel.GptImage2, N = 3 });

            // The bucket lives in Redis, not in this process: its keys name the model.
            StackExchange.Redis.IServer server = redis.GetServer(redis.GetEndPoints()[0]);
            Assert.Contains(server.Keys(pattern: "*gpt-image-2*"), k => k.ToString().Length > 0);
            Assert.Single(emulator.Requests);
        }
        finally
        {
            await redisServer.DisposeAsync();
        }
    }

    [Fact]
    public async Task Big_batches_submit_the_prompts_keep_the_batch_id_and_write_each_line_s_image()
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { BatchPollsToComplete = 1 });
        await using EmulatorServer server = await emulator.StartServerAsync();
        using var scope = new SnippetScope(server.BaseAddress);
        var printed = new StringWriter();
        TextWriter console = Console.Out;
        Console.SetOut(printed);
        try
        {
            await ReadmeUser.BigBatchesBlock.Snippet.BigBatches(new HttpClient(), ImagesClientOptions.FromEnvironment(), ["a red poster", "a blue poster"]);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.StartsWith("batch_", File.ReadAllText(scope.PathOf("batch-id.txt")), StringComparison.Ordinal);
        Assert.Equal(["poster-0-0.png", "poster-1-0.png"], Directory.GetFiles(scope.PathOf("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(scope.PathOf("out")), f => PngHeader.SizeOf(f));
    }
}
