using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary>The SDK's Azure OpenAI client against the emulator's Azure mode: both URL forms, both kinds of auth, filter results and refusals.</summary>
public sealed class SdkAzureTests : IDisposable
{
    private const string Key = "azure-key-0123456789abcdef";

    private static readonly ImageContentFilterResult Safe = new(false, "safe", null);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "openaiimages-sdk-azure-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>An Azure-mode emulator (key <see cref="Key"/>, deployment <c>images-prod</c> serving gpt-image-2) and an SDK client at its resource endpoint.</summary>
    private static async Task<(ImagesEmulator Emulator, ImagesClient Client, IAsyncDisposable Owner)> StartAsync(TransportKind transport, Action<ImagesClientOptions> configure)
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { Azure = true, ApiKey = Key }.AddDeployment("images-prod", "gpt-image-2"));
        var options = new ImagesClientOptions { ApiKey = Key, Retry = { MaxRetries = 0 } };
        EmulatorServer? server = null;
        HttpClient http;
        if (transport == TransportKind.Kestrel)
        {
            server = await emulator.StartServerAsync();
            http = new HttpClient();
            options.Azure = new ImagesAzureOptions { Endpoint = server.BaseAddress };
        }
        else
        {
            http = new HttpClient(emulator.CreateHandler());
            options.Azure = new ImagesAzureOptions { Endpoint = new Uri("https://my-resource.openai.azure.com/") };
        }

        configure(options);
        return (emulator, new ImagesClient(http, options), new Owner(http, server));
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task The_deployment_form_with_a_key_gets_images_with_their_filter_results(TransportKind transport)
    {
        (ImagesEmulator emulator, ImagesClient client, IAsyncDisposable owner) = await StartAsync(transport, o =>
        {
            o.Azure!.Deployment = "images-prod";
            o.Azure.Model = ImageModel.GptImage2;
        });
        await using (owner)
        {
            ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("a lighthouse") { N = 2, Size = ImageSize.Square1024, Quality = ImageQuality.Low });

            Assert.Equal(2, result.Images.Count);
            Assert.All(result.Images, AssertSafe);
            Assert.True(Guid.TryParse(result.RequestId, out _), $"'{result.RequestId}' is not Azure's apim-request-id.");
            EmulatedRequest sent = Assert.Single(emulator.Requests);
            Assert.Equal("/openai/deployments/images-prod/images/generations", sent.Path);
            Assert.Equal("***", sent.Headers["api-key"]);
            Assert.False(sent.Headers.ContainsKey("Authorization"));
        }
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task The_v1_form_with_an_entra_id_token_gets_images_written_to_files_with_their_filter_results(TransportKind transport)
    {
        var scopes = new List<string>();
        (ImagesEmulator emulator, ImagesClient client, IAsyncDisposable owner) = await StartAsync(transport, o =>
        {
            o.ApiKey = null;
            o.DefaultModel = new ImageModel("images-prod");
            o.Azure!.TokenProvider = (asked, _) =>
            {
                scopes.AddRange(asked);
                return new ValueTask<string>("eyJ0eXAiOiJKV1QifQ.entra");
            };
        });
        await using (owner)
        {
            ImageResult result = await client.GenerateToFilesAsync(new ImageGenerationOptions("a lighthouse") { Size = ImageSize.Square1024, Quality = ImageQuality.Low }, _dir);

            GeneratedImage image = Assert.Single(result.Images);
            AssertSafe(image);
            Assert.True(File.Exists(image.FilePath));
            EmulatedRequest sent = Assert.Single(emulator.Requests);
            Assert.Equal("/openai/v1/images/generations", sent.Path);
            Assert.Equal("images-prod", sent.Fields["model"]);
            Assert.Equal("Bearer ***", sent.Headers["Authorization"]);
            Assert.False(sent.Headers.ContainsKey("api-key"));
            Assert.Equal([ImagesAzureOptions.DefaultTokenScope], scopes);
        }
    }

    [Fact]
    public async Task A_content_filter_refusal_is_a_content_policy_exception_with_the_verdict()
    {
        (ImagesEmulator emulator, ImagesClient client, IAsyncDisposable owner) = await StartAsync(TransportKind.InProcess, o => o.Azure!.Deployment = "images-prod");
        await using (owner)
        {
            emulator.FailNext(1, EmulatedFault.ContentFilter("violence", "high"));

            var error = await Assert.ThrowsAsync<ImagesContentPolicyException>(() => client.GenerateAsync(new ImageGenerationOptions("a battle")));

            Assert.Equal(400, error.Status);
            Assert.Equal("contentFilter", error.ErrorCode);
            IReadOnlyDictionary<string, ImageContentFilterResult> verdict = Assert.IsAssignableFrom<IReadOnlyDictionary<string, ImageContentFilterResult>>(error.ContentFilterResults);
            Assert.Equal(new ImageContentFilterResult(true, "high", null), verdict["violence"]);
            Assert.Equal(new ImageContentFilterResult(false, null, false), verdict["jailbreak"]);
            Assert.Equal(Safe, verdict["hate"]);
            Assert.Contains("safety system", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_exception_that_does_not_show_the_key()
    {
        (_, ImagesClient client, IAsyncDisposable owner) = await StartAsync(TransportKind.InProcess, o =>
        {
            o.ApiKey = "azure-wrong-key-987654321";
            o.Azure!.Deployment = "images-prod";
        });
        await using (owner)
        {
            var error = await Assert.ThrowsAsync<ImagesAuthenticationException>(() => client.GenerateAsync(new ImageGenerationOptions("x")));

            Assert.Equal("401", error.ErrorCode);
            Assert.Contains("Access denied due to invalid subscription key", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("azure-wrong-key-987654321", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_deployment_of_dall_e_3_edits_nothing_and_says_so()
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { Azure = true }.AddDeployment("art", "dall-e-3"));
        using var http = new HttpClient(emulator.CreateHandler());
        var client = new ImagesClient(http, new ImagesClientOptions
        {
            ApiKey = Key,
            Azure = new ImagesAzureOptions { Endpoint = new Uri("https://my-resource.openai.azure.com/"), Deployment = "art" },
        });

        var error = await Assert.ThrowsAsync<ImagesBadRequestException>(() => client.EditAsync(new ImageEditOptions([ImageInput.FromBytes(SdkImages.Opaque(64, 64), "in.png")], "x")));

        Assert.Equal("OperationNotSupported", error.ErrorCode);
        Assert.Contains("images/edits operation does not work with the specified model, dall-e-3", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSafe(GeneratedImage image)
    {
        IReadOnlyDictionary<string, ImageContentFilterResult> content = Assert.IsAssignableFrom<IReadOnlyDictionary<string, ImageContentFilterResult>>(image.ContentFilterResults);
        Assert.Equal(["hate", "self_harm", "sexual", "violence"], content.Keys.Order(StringComparer.Ordinal));
        Assert.All(content.Values, v => Assert.Equal(Safe, v));
        Assert.Equal(new ImageContentFilterResult(false, null, false), image.PromptFilterResults!["profanity"]);
        Assert.Equal(Safe, image.PromptFilterResults["self_harm"]);
    }

    private sealed class Owner(HttpClient http, EmulatorServer? server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
