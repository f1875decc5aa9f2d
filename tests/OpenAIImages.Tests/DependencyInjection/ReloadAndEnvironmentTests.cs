using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.DependencyInjection;

/// <summary>Tests that set process environment variables run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>Options are a snapshot per client; with DI a reloaded configuration reaches the next client; a section without a key falls back to the environment.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ReloadAndEnvironmentTests
{
    private static readonly ImageGenerationOptions Request = new("x") { Model = ImageModel.GptImage2 };

    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    [Fact]
    public async Task Changing_the_options_after_building_a_client_changes_nothing()
    {
        ImagesClientOptions options = RecordingApi.Options();
        var client = new ImagesClient(_api.Handler.ToHttpClient(), options);

        options.ApiKey = "sk-changed-afterwards-1";
        options.BaseAddress = new Uri("https://elsewhere.test/v1/");
        options.RateLimits.ImagesPerMinute["gpt-image-2"] = 1;
        await client.GenerateAsync(Request);
        await client.GenerateAsync(Request);

        Assert.All(_api.Sent, s => Assert.Equal("Bearer " + RecordingApi.ApiKey, s.Header("Authorization")));
        Assert.All(_api.Sent, s => Assert.Equal("api.test", s.Uri.Host));
    }

    [Fact]
    public async Task After_the_configuration_reloads_the_next_client_uses_the_new_settings()
    {
        var source = new Dictionary<string, string?>
        {
            ["OpenAIImages:ApiKey"] = "sk-first-key-0001",
            ["OpenAIImages:BaseAddress"] = "https://first.test/v1/",
        };
        IConfigurationRoot configuration = new ConfigurationBuilder().AddInMemoryCollection(source).Build();
        var services = new ServiceCollection();
        services.AddImagesClient(configuration.GetSection("OpenAIImages")).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        ImagesClient before = provider.GetRequiredService<ImagesClient>();
        await before.GenerateAsync(Request);
        configuration["OpenAIImages:ApiKey"] = "sk-second-key-0002";
        configuration["OpenAIImages:BaseAddress"] = "https://second.test/v1/";
        configuration.Reload();
        await provider.GetRequiredService<ImagesClient>().GenerateAsync(Request);
        await before.GenerateAsync(Request);

        Assert.Equal(
            [("first.test", "Bearer sk-first-key-0001"), ("second.test", "Bearer sk-second-key-0002"), ("first.test", "Bearer sk-first-key-0001")],
            _api.Sent.Select(s => (s.Uri.Host, s.Header("Authorization"))));
    }

    [Fact]
    public async Task A_section_without_a_key_or_address_takes_them_from_the_environment()
    {
        string? key = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        string? url = Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        try
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", "sk-from-environment-01");
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", "https://env.test/v1/");
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OpenAIImages:DefaultModel"] = "gpt-image-2",
            }).Build();
            var services = new ServiceCollection();
            services.AddImagesClient(configuration.GetSection("OpenAIImages")).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
            using ServiceProvider provider = services.BuildServiceProvider();
            provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

            await provider.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("x"));

            Assert.Equal("https://env.test/v1/images/generations", _api.Single.Uri.AbsoluteUri);
            Assert.Equal("Bearer sk-from-environment-01", _api.Single.Header("Authorization"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", key);
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", url);
        }
    }

    [Fact]
    public async Task The_section_wins_over_the_environment()
    {
        string? key = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        try
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", "sk-from-environment-01");
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OpenAIImages:ApiKey"] = "sk-from-section-0001",
                ["OpenAIImages:BaseAddress"] = "https://section.test/v1/",
            }).Build();
            var services = new ServiceCollection();
            services.AddImagesClient(configuration.GetSection("OpenAIImages")).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
            using ServiceProvider provider = services.BuildServiceProvider();

            await provider.GetRequiredService<ImagesClient>().GenerateAsync(Request);

            Assert.Equal("Bearer sk-from-section-0001", _api.Single.Header("Authorization"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", key);
        }
    }
}
