using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.DependencyInjection;

/// <summary>A configuration the client cannot use fails on start, each problem named by the key the user wrote; every registration reads the environment by one rule.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfigurationProblemTests
{
    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    [Fact]
    public void A_misspelt_key_fails_on_start_with_its_path_and_the_key_it_resembles()
    {
        OptionsValidationException error = StartFails(new()
        {
            ["OpenAIImages:ApiKey"] = "sk-test-key-000001",
            ["OpenAIImages:DefaultModle"] = "gpt-image-2",
            ["OpenAIImages:Retry:MaxRetrys"] = "3",
        });

        Assert.Contains("Configuration key 'OpenAIImages:DefaultModle' is not a setting of the images client; did you mean 'DefaultModel'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("Configuration key 'OpenAIImages:Retry:MaxRetrys' is not a setting of the images client; did you mean 'Retry:MaxRetries'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_the_rules_refuse_is_named_by_its_configuration_key_not_the_csharp_property()
    {
        OptionsValidationException error = StartFails(new()
        {
            ["OpenAIImages:ApiKey"] = "sk-test-key-000001",
            ["OpenAIImages:Retry:MaxDelay"] = "2.00:00:00",
            ["OpenAIImages:Timeout"] = "-00:00:01",
        });

        Assert.Contains("'OpenAIImages:Retry:MaxDelay' must be at most one day", error.Message, StringComparison.Ordinal);
        Assert.Contains("'OpenAIImages:Timeout' must be positive or Timeout.InfiniteTimeSpan", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ImagesClientOptions.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_form_is_named_with_the_value_and_every_problem_comes_at_once()
    {
        OptionsValidationException error = StartFails(new()
        {
            ["OpenAIImages:ApiKey"] = "sk-test-key-000001",
            ["OpenAIImages:Timeout"] = "soon",
            ["OpenAIImages:BaseAddress"] = "not a url",
            ["OpenAIImages:RateLimits:ImagesPerMinute:gpt-image-2"] = "lots",
        });

        Assert.Contains("Configuration value 'OpenAIImages:Timeout' = 'soon' is not a time span", error.Message, StringComparison.Ordinal);
        Assert.Contains("Configuration value 'OpenAIImages:BaseAddress' = 'not a url' is not an absolute URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("Configuration value 'OpenAIImages:RateLimits:ImagesPerMinute:gpt-image-2' = 'lots' is not a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_ids_under_images_per_minute_are_not_unknown_keys()
    {
        var services = new ServiceCollection();
        services.AddImagesClient(Section(new()
        {
            ["OpenAIImages:ApiKey"] = "sk-test-key-000001",
            ["OpenAIImages:RateLimits:ImagesPerMinute:my-own-model"] = "5",
            ["OpenAIImages:retry:maxretries"] = "1",
        }));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(5, provider.GetRequiredService<IOptionsMonitor<ImagesClientOptions>>().Get(Options.DefaultName).RateLimits.ImagesPerMinute["my-own-model"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_registration_takes_what_it_leaves_unset_from_the_environment_and_keeps_what_it_sets(bool fromCode)
    {
        string? url = Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        try
        {
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", "https://env.test/v1/");
            var services = new ServiceCollection();
            IHttpClientBuilder builder = fromCode
                ? services.AddImagesClient(o => o.ApiKey = "sk-test-key-000001")
                : services.AddImagesClient(Section(new() { ["OpenAIImages:ApiKey"] = "sk-test-key-000001" }));
            builder.ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
            services.AddImagesClient("set", o =>
            {
                o.ApiKey = "sk-test-key-000002";
                o.BaseAddress = new Uri("https://code.test/v1/");
            }).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
            using ServiceProvider provider = services.BuildServiceProvider();

            await provider.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("x"));
            await provider.GetRequiredService<IImagesClientFactory>().CreateClient("set").GenerateAsync(new ImageGenerationOptions("x"));

            Assert.Equal("https://env.test/v1/images/generations", _api.Sent[0].Uri.AbsoluteUri);
            Assert.Equal("https://code.test/v1/images/generations", _api.Sent[1].Uri.AbsoluteUri);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", url);
        }
    }

    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("OpenAIImages");

    private static OptionsValidationException StartFails(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddImagesClient(Section(values));
        using ServiceProvider provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }
}
