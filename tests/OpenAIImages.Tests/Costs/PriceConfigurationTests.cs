using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Costs;

/// <summary>Prices changed from appsettings.json (<c>OpenAIImages:Prices:{model}:...</c>): the estimate and the actual cost follow.</summary>
public sealed class PriceConfigurationTests
{
    private readonly RecordingApi _api = new RecordingApi().AnswerJson(
        "{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\"}],\"usage\":{\"input_tokens\":10,\"output_tokens\":1056,\"total_tokens\":1066,\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":0}}}");

    [Fact]
    public async Task A_price_changed_in_configuration_changes_the_estimate_and_the_actual_cost()
    {
        ImagesClient client = Client(new()
        {
            ["OpenAIImages:Prices:gpt-image-2:ImageOutputPerMillion"] = "60",
            ["OpenAIImages:Prices:gpt-image-2:TextInputPerMillion"] = "10",
            ["OpenAIImages:Prices:gpt-image-2:PerImage:1024x1024/medium"] = "0.5",
        });
        var options = new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, Size = ImageSize.Square1024, Quality = ImageQuality.Medium };

        // Estimate: per-image 0.5 (changed; above the table's tokens, none listed at medium); prompt 65 tokens x $10/1M = $0.00065.
        Assert.Equal(0.50065m, client.EstimateCost(options).Amount);

        // Actual: 10 text tokens x $10/1M = $0.0001; 1056 output tokens x $60/1M = $0.06336. Total $0.06346.
        ImageResult result = await client.GenerateAsync(options);
        Assert.Equal(0.06346m, result.Cost!.Amount);
    }

    [Fact]
    public void A_model_the_table_does_not_price_is_priced_from_configuration()
    {
        ImagesClient client = Client(new()
        {
            ["OpenAIImages:Prices:gpt-image-2.5-sunburst:BasedOn"] = "gpt-image-2",
            ["OpenAIImages:Prices:gpt-image-2.5-sunburst:Currency"] = "EUR",
        });

        ImageCostEstimate estimate = client.EstimateCost(new ImageGenerationOptions("x") { Model = ImageModel.GptImage25Sunburst, Size = ImageSize.Square1024, Quality = ImageQuality.Low });

        // gpt-image-2's 1024x1024 low: $0.006 (per image); prompt 65 tokens x 5/1M = 0.000325. In EUR as configured.
        Assert.Equal(0.006325m, estimate.Amount);
        Assert.Equal("EUR", estimate.Currency);
    }

    [Fact]
    public void Unknown_keys_and_unreadable_values_are_reported_on_start()
    {
        var services = Services(new()
        {
            ["OpenAIImages:Prices:dall-e-3:PerImage:1024x1024"] = "four cents",
            ["OpenAIImages:Prices:dall-e-3:ImageOutputPerMilion"] = "40",
        });

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<ImagesClientOptions>>().Get(Options.DefaultName));

        Assert.Contains("'OpenAIImages:Prices:dall-e-3:PerImage:1024x1024' = 'four cents' is not a number", error.Message, StringComparison.Ordinal);
        Assert.Contains("'OpenAIImages:Prices:dall-e-3:ImageOutputPerMilion' is not a setting of a model's prices", error.Message, StringComparison.Ordinal);
    }

    private ImagesClient Client(Dictionary<string, string?> settings) => Services(settings).BuildServiceProvider().GetRequiredService<ImagesClient>();

    private ServiceCollection Services(Dictionary<string, string?> settings)
    {
        settings["OpenAIImages:ApiKey"] = RecordingApi.ApiKey;
        settings["OpenAIImages:BaseAddress"] = "https://api.openai.com/v1/";
        settings["OpenAIImages:Retry:MaxRetries"] = "0";
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddImagesClient(configuration.GetSection("OpenAIImages")).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
        services.PostConfigure<ImagesClientOptions>(o => o.TimeProvider = new FakeTimeProvider(CostEstimateTests.WhileServed));
        return services;
    }
}
