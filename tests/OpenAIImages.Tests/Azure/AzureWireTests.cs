using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Azure;

/// <summary>Azure OpenAI: both URL forms, both kinds of auth, the model behind the deployment, Azure's lifecycle and refusals.</summary>
public sealed class AzureWireTests
{
    private static readonly Uri Endpoint = new("https://my-resource.openai.azure.com/");

    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    private ImagesClient Client(Action<ImagesAzureOptions> azure, Action<ImagesClientOptions>? configure = null) => _api.Client(o =>
    {
        o.ApiKey = "azure-key-0123456789abcdef";
        o.Azure = new ImagesAzureOptions { Endpoint = Endpoint };
        azure(o.Azure);
        configure?.Invoke(o);
    });

    [Fact]
    public async Task The_deployment_form_has_the_deployment_in_the_path_the_api_version_and_the_api_key_header()
    {
        await Client(a => a.Deployment = "images-prod").GenerateAsync(new ImageGenerationOptions("a lighthouse"));

        SentRequest sent = _api.Single;
        Assert.Equal("https://my-resource.openai.azure.com/openai/deployments/images-prod/images/generations?api-version=2024-10-21", sent.Uri.AbsoluteUri);
        Assert.Equal("azure-key-0123456789abcdef", sent.Header("api-key"));
        Assert.Null(sent.Header("Authorization"));
    }

    [Fact]
    public async Task The_api_version_is_configurable_and_edits_and_variations_use_their_own_paths()
    {
        ImagesClient client = Client(a =>
        {
            a.Deployment = "dalle2";
            a.ApiVersion = "2025-04-01-preview";
        });

        await client.EditAsync(new ImageEditOptions([ImageInput.FromBytes(TestImages.Png(16, 16))], "x"));
        await client.CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(TestImages.Png(16, 16))));

        Assert.Equal(
            ["/openai/deployments/dalle2/images/edits?api-version=2025-04-01-preview", "/openai/deployments/dalle2/images/variations?api-version=2025-04-01-preview"],
            _api.Sent.Select(s => s.Uri.PathAndQuery));
    }

    [Fact]
    public async Task The_v1_form_takes_no_api_version_and_sends_the_deployment_as_the_model()
    {
        await Client(_ => { }).GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = new ImageModel("my-gpt-image-deployment") });

        SentRequest sent = _api.Single;
        Assert.Equal("https://my-resource.openai.azure.com/openai/v1/images/generations", sent.Uri.AbsoluteUri);
        Assert.Contains("\"model\":\"my-gpt-image-deployment\"", sent.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entra_id_token_goes_as_a_bearer_token_for_the_configured_scope()
    {
        var scopes = new List<string>();
        ImagesClient client = Client(
            a =>
            {
                a.Deployment = "images";
                a.TokenProvider = (asked, _) =>
                {
                    scopes.AddRange(asked);
                    return new ValueTask<string>("eyJ0eXAiOiJKV1QifQ.token");
                };
            },
            o => o.ApiKey = null);

        await client.GenerateAsync(new ImageGenerationOptions("x"));

        Assert.Equal("Bearer eyJ0eXAiOiJKV1QifQ.token", _api.Single.Header("Authorization"));
        Assert.Null(_api.Single.Header("api-key"));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], scopes);
    }

    [Fact]
    public async Task Requests_are_checked_against_the_model_behind_the_deployment()
    {
        ImagesClient client = Client(a =>
        {
            a.Deployment = "art";
            a.Model = ImageModel.DallE3;
        });

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => client.GenerateAsync(new ImageGenerationOptions("x") { N = 2 }));

        Assert.Equal("n", Assert.Single(error.Errors).Field);
        Assert.Empty(_api.Sent);
    }

    [Fact]
    public async Task With_no_model_named_only_the_shared_rules_apply_whatever_the_deployment_is_called()
    {
        // "dall-e-3" is only a name here: dall-e-3's own limit of one image does not apply.
        await Client(_ => { }).GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, N = 2 });

        Assert.Single(_api.Sent);
    }

    [Fact]
    public async Task Azure_does_not_serve_webp()
    {
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => Client(a => a.Model = ImageModel.GptImage2)
            .GenerateAsync(new ImageGenerationOptions("x") { OutputFormat = ImageOutputFormat.Webp }));

        Assert.Contains("not served by Azure OpenAI", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dall_e_still_serves_on_azure_after_openai_retired_it()
    {
        await Client(a => a.Model = ImageModel.DallE3).GenerateAsync(new ImageGenerationOptions("x"));

        Assert.Single(_api.Sent);
    }

    [Theory]
    [InlineData("2026-12-10", false)]
    [InlineData("2026-12-16", true)]
    public async Task Azure_retires_gpt_image_1_5_on_its_own_date(string today, bool refused)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(today + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        ImagesClient azure = Client(a => a.Model = new ImageModel("gpt-image-1.5"), o => o.TimeProvider = time);
        ImagesClient openai = new RecordingApi().AnswerJson(RecordingApi.SuccessJson()).Client(o =>
        {
            o.BaseAddress = ImagesClientOptions.DefaultBaseAddress;
            o.TimeProvider = time;
        });

        Task call = azure.GenerateAsync(new ImageGenerationOptions("x") { Model = new ImageModel("gpt-image-1.5-deployment") });
        if (refused)
        {
            var error = await Assert.ThrowsAsync<ImageValidationException>(() => call);
            Assert.Contains("retired on Azure OpenAI on 2026-12-16", error.Message, StringComparison.Ordinal);
        }
        else
        {
            await call;
            Assert.Single(_api.Sent);
        }

        // OpenAI's own API shut it on 2026-12-01: refused there either way.
        await Assert.ThrowsAsync<ImageValidationException>(() => openai.GenerateAsync(new ImageGenerationOptions("x") { Model = new ImageModel("gpt-image-1.5") }));
    }

    [Fact]
    public async Task A_content_filter_refusal_carries_the_filter_results()
    {
        _api.AnswerJson(
            "{\"error\":{\"code\":\"contentFilter\",\"message\":\"Your task failed as a result of our safety system.\",\"inner_error\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_results\":{\"sexual\":{\"filtered\":true,\"severity\":\"high\"},\"violence\":{\"filtered\":false,\"severity\":\"safe\"},\"jailbreak\":{\"filtered\":false,\"detected\":false}}}}}",
            HttpStatusCode.BadRequest);

        var error = await Assert.ThrowsAsync<ImagesContentPolicyException>(() => Client(a => a.Deployment = "d").GenerateAsync(new ImageGenerationOptions("x")));

        Assert.Equal("contentFilter", error.ErrorCode);
        IReadOnlyDictionary<string, ImageContentFilterResult> results = Assert.IsAssignableFrom<IReadOnlyDictionary<string, ImageContentFilterResult>>(error.ContentFilterResults);
        Assert.Equal(new ImageContentFilterResult(true, "high", null), results["sexual"]);
        Assert.Equal(new ImageContentFilterResult(false, null, false), results["jailbreak"]);
    }

    [Fact]
    public async Task Azure_settings_bind_from_configuration()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Images:ApiKey"] = "azure-config-key-01",
            ["Images:Azure:Endpoint"] = "https://config-resource.openai.azure.com/",
            ["Images:Azure:Deployment"] = "gen",
            ["Images:Azure:ApiVersion"] = "2025-04-01-preview",
            ["Images:Azure:Model"] = "gpt-image-2",
        }).Build();
        var services = new ServiceCollection();
        services.AddImagesClient(configuration.GetSection("Images")).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("x"));

        Assert.Equal("https://config-resource.openai.azure.com/openai/deployments/gen/images/generations?api-version=2025-04-01-preview", _api.Single.Uri.AbsoluteUri);
        Assert.Equal("azure-config-key-01", _api.Single.Header("api-key"));
    }

    [Fact]
    public void The_options_name_the_azure_endpoint_without_the_key()
    {
        var options = new ImagesClientOptions { ApiKey = "azure-key-SECRET", Azure = new ImagesAzureOptions { Endpoint = Endpoint, Deployment = "d" } };

        Assert.Equal("Azure = https://my-resource.openai.azure.com/ (d), ApiKey = ***, DefaultModel = (server default), ValidateRequests = True", options.ToString());
    }

    [Fact]
    public void A_deployment_name_that_would_change_the_path_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Client(a => a.Deployment = "../other"));

        Assert.Contains("Azure.Deployment", error.Message, StringComparison.Ordinal);
    }
}
