using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Catalog;

/// <summary>The catalog changed for one client, from appsettings.json or code: a date moved, a retired model kept, a new model described; everything else keeps its checks.</summary>
public sealed class CatalogChangeTests
{
    private static readonly DateTimeOffset Today = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    [Fact]
    public async Task Without_a_change_a_model_past_its_shutdown_date_is_refused_before_sending()
    {
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => Client(new()).GenerateAsync(new ImageGenerationOptions("x") { Model = "gpt-image-1.5" }));

        Assert.Contains("was retired on 2026-12-01", error.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Empty(_api.Sent);
    }

    [Fact]
    public async Task A_shutdown_date_moved_in_appsettings_lets_the_model_through_until_the_new_date()
    {
        ImagesClient client = Client(new() { ["OpenAIImages:Models:gpt-image-1.5:ShutdownDate"] = "2027-01-31" });

        await client.GenerateAsync(new ImageGenerationOptions("x") { Model = "gpt-image-1.5" });

        Assert.Contains("\"model\":\"gpt-image-1.5\"", _api.Single.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_model_kept_by_id_is_sent_and_no_other_check_is_dropped()
    {
        ImagesClient client = Client(new() { ["OpenAIImages:Models:dall-e-3:StillServed"] = "true" });

        await client.GenerateAsync(new ImageGenerationOptions("x") { Model = "dall-e-3" });
        var stillChecked = await Assert.ThrowsAsync<ImageValidationException>(() => client.GenerateAsync(new ImageGenerationOptions("x") { Model = "dall-e-3", N = 2 }));
        var otherRetired = await Assert.ThrowsAsync<ImageValidationException>(() => client.GenerateAsync(new ImageGenerationOptions("x") { Model = "gpt-image-1" }));

        Assert.Single(_api.Sent);
        Assert.Equal("n", stillChecked.Errors.Single().Field);
        Assert.Contains("was retired on 2026-10-23", otherRetired.Errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_model_described_in_appsettings_gets_its_own_rules()
    {
        ImagesClient client = Client(new()
        {
            ["OpenAIImages:Models:gpt-image-3-preview:BasedOn"] = "gpt-image-2",
            ["OpenAIImages:Models:gpt-image-3-preview:Sizes:0"] = "2048x2048",
            ["OpenAIImages:Models:gpt-image-3-preview:Sizes:1"] = "auto",
            ["OpenAIImages:Models:gpt-image-3-preview:MaxImages"] = "2",
            ["OpenAIImages:Models:gpt-image-3-preview:OutputFormats"] = "png,webp",
        });

        await client.GenerateAsync(new ImageGenerationOptions("x") { Model = "gpt-image-3-preview", Size = "2048x2048", N = 2, OutputFormat = ImageOutputFormat.Webp });
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => client.GenerateAsync(new ImageGenerationOptions("x") { Model = "gpt-image-3-preview", Size = "1024x1024", N = 3, OutputFormat = ImageOutputFormat.Jpeg }));

        Assert.Single(_api.Sent);
        Assert.Equal(["n", "output_format", "size"], error.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public async Task An_azure_date_is_moved_apart_from_openais()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.Zero));
        ImagesClient Azure(string? date) => _api.Client(o =>
        {
            o.TimeProvider = time;
            o.Azure = new ImagesAzureOptions { Endpoint = new Uri("https://contoso.openai.azure.com/"), Deployment = "images", Model = "gpt-image-1.5" };
            if (date is not null)
            {
                o.Models["gpt-image-1.5"] = new ImageModelRules { AzureShutdownDate = DateTimeOffset.Parse(date, System.Globalization.CultureInfo.InvariantCulture) };
            }
        });

        var refused = await Assert.ThrowsAsync<ImageValidationException>(() => Azure(null).GenerateAsync(new ImageGenerationOptions("x")));
        await Azure("2027-03-01").GenerateAsync(new ImageGenerationOptions("x"));

        Assert.Contains("2026-12-16", refused.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Single(_api.Sent);
    }

    [Fact]
    public void A_change_based_on_a_model_the_catalog_does_not_know_fails_on_start()
    {
        var options = RecordingApi.Options();
        options.Models["x-model"] = new ImageModelRules { BasedOn = "gpt-image-9" };

        var error = Assert.Throws<ArgumentException>(() => new ImagesClient(options));

        Assert.Contains("Models[x-model].BasedOn names 'gpt-image-9', which the catalog does not know", error.Message, StringComparison.Ordinal);
    }

    private ImagesClient Client(Dictionary<string, string?> settings)
    {
        settings["OpenAIImages:ApiKey"] = RecordingApi.ApiKey;
        settings["OpenAIImages:BaseAddress"] = "https://api.openai.com/v1/";
        settings["OpenAIImages:Retry:MaxRetries"] = "0";
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddImagesClient(configuration.GetSection("OpenAIImages")).ConfigurePrimaryHttpMessageHandler(() => _api.Handler);
        services.PostConfigure<ImagesClientOptions>(o => o.TimeProvider = new FakeTimeProvider(Today));
        return services.BuildServiceProvider().GetRequiredService<ImagesClient>();
    }
}
