using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.DependencyInjection;

/// <summary>AddImagesClient: resolution, configuration binding, start-up validation and named clients.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ServiceCollectionTests
{
    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    [Fact]
    public async Task The_client_resolves_from_the_container_and_sends_through_the_http_client_factory()
    {
        var services = new ServiceCollection();
        services.AddImagesClient(o =>
        {
            o.ApiKey = "sk-di-key-123456";
            o.BaseAddress = new Uri("https://di.test/v1/");
        }).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        ImagesClient client = provider.GetRequiredService<ImagesClient>();
        await client.GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });

        Assert.Equal("https://di.test/v1/images/generations", _api.Single.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk-di-key-123456", _api.Single.Header("Authorization"));
    }

    [Fact]
    public void Settings_bind_from_a_configuration_section()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAIImages:ApiKey"] = "sk-from-config-1",
            ["OpenAIImages:BaseAddress"] = "https://config.test/openai/v1/",
            ["OpenAIImages:Organization"] = "org-9",
            ["OpenAIImages:DefaultModel"] = "gpt-image-2",
            ["OpenAIImages:ValidateRequests"] = "false",
            ["OpenAIImages:AttemptTimeout"] = "00:05:00",
            ["OpenAIImages:Retry:MaxRetries"] = "5",
            ["OpenAIImages:Retry:MaxServerDelay"] = "00:00:30",
            ["OpenAIImages:RateLimits:ImagesPerMinute:gpt-image-2"] = "20",
            ["OpenAIImages:RateLimits:PartitionByUser"] = "true",
        }).Build();
        var services = new ServiceCollection();

        services.AddImagesClient(configuration.GetSection("OpenAIImages"));
        using ServiceProvider provider = services.BuildServiceProvider();
        ImagesClientOptions options = provider.GetRequiredService<IOptionsMonitor<ImagesClientOptions>>().Get(Options.DefaultName);

        Assert.Equal("sk-from-config-1", options.ApiKey);
        Assert.Equal(new Uri("https://config.test/openai/v1/"), options.BaseAddress);
        Assert.Equal("org-9", options.Organization);
        Assert.Equal(ImageModel.GptImage2, options.DefaultModel);
        Assert.False(options.ValidateRequests);
        Assert.Equal(TimeSpan.FromMinutes(5), options.AttemptTimeout);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Retry.MaxServerDelay);
        Assert.Equal(20, options.RateLimits.ImagesPerMinute["gpt-image-2"]);
        Assert.Equal(5, options.RateLimits.ImagesPerMinute["dall-e-3"]);
        Assert.True(options.RateLimits.PartitionByUser);
        Assert.NotNull(provider.GetRequiredService<ImagesClient>());
    }

    [Fact]
    public void A_bad_configuration_value_names_its_key()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Images:ApiKey"] = "k",
            ["Images:Retry:MaxRetries"] = "many",
        }).Build();
        var services = new ServiceCollection();
        services.AddImagesClient(configuration.GetSection("Images"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<ImagesClientOptions>>().Get(Options.DefaultName));

        Assert.Contains("Configuration value 'Images:Retry:MaxRetries' = 'many' is not a whole number.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_api_key_fails_at_start_up_with_a_clear_message()
    {
        var services = new ServiceCollection();
        services.AddImagesClient(o => o.BaseAddress = new Uri("https://x.test/v1/"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Settings of the images client: An API key is required", error.Message);
        Assert.Contains("ApiKey", error.Message);
    }

    [Fact]
    public async Task Two_named_clients_keep_their_own_keys_and_servers()
    {
        var services = new ServiceCollection();
        services.AddImagesClient("openai", o =>
        {
            o.ApiKey = "sk-openai-aaaaaa";
            o.BaseAddress = new Uri("https://api.openai.test/v1/");
        }).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
        services.AddImagesClient("azure", o =>
        {
            o.ApiKey = "sk-azure-bbbbbb";
            o.BaseAddress = new Uri("https://azure.test/openai/v1/");
        }).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        await provider.GetRequiredService<IImagesClientFactory>().CreateClient("openai").GenerateAsync(new ImageGenerationOptions("x"));
        await provider.GetRequiredKeyedService<ImagesClient>("azure").GenerateAsync(new ImageGenerationOptions("y"));

        Assert.Equal(
            [("api.openai.test", "Bearer sk-openai-aaaaaa"), ("azure.test", "Bearer sk-azure-bbbbbb")],
            _api.Sent.Select(s => (s.Uri.Host, s.Header("Authorization"))));
        Assert.Null(provider.GetService<ImagesClient>());
        var unknown = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IImagesClientFactory>().CreateClient("other"));
        Assert.Contains("Registered: openai, azure", unknown.Message);
    }

    [Fact]
    public void The_http_client_has_no_timeout_of_its_own_so_the_clients_limits_govern()
    {
        var services = new ServiceCollection();
        services.AddImagesClient(o => o.ApiKey = "k");
        using ServiceProvider provider = services.BuildServiceProvider();

        System.Net.Http.HttpClient http = provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient("OpenAIImages");

        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, http.Timeout);
    }

    [Fact]
    public void The_builder_is_returned_so_users_can_add_handlers()
    {
        var services = new ServiceCollection();

        IHttpClientBuilder builder = services.AddImagesClient(o => o.ApiKey = "k");

        Assert.Equal("OpenAIImages", builder.Name);
    }
}
