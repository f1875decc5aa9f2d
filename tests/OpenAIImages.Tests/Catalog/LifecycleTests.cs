using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Catalog;

/// <summary>Model and endpoint lifecycle: refused before sending on OpenAI's own service, passed through elsewhere, deprecations warned once.</summary>
public sealed class LifecycleTests
{
    private static readonly Uri OpenAI = new("https://api.openai.com/v1/");
    private static readonly Uri Azure = new("https://contoso.openai.azure.com/openai/v1/");

    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerFactory _logs = new();

    private ImagesClient Client(Uri baseAddress) => new(_api.Handler.ToHttpClient(), RecordingApi.Options(o =>
    {
        o.BaseAddress = baseAddress;
        o.TimeProvider = _time;
    }), _logs);

    [Theory]
    [InlineData("dall-e-3", "2026-05-12")]
    [InlineData("dall-e-2", "2026-05-12")]
    [InlineData("gpt-image-1", "2026-10-23")]
    public async Task A_retired_model_on_openais_url_fails_before_sending_naming_the_date_and_the_replacement(string model, string retired)
    {
        var error = await Assert.ThrowsAsync<ImageValidationException>(() => Client(OpenAI).GenerateAsync(new ImageGenerationOptions("x") { Model = model }));

        ImageValidationError only = Assert.Single(error.Errors);
        Assert.Equal("model", only.Field);
        Assert.Equal($"model '{model}' was retired on {retired} and OpenAI's API no longer serves it; use gpt-image-2 instead (Azure and OpenAI-compatible servers may still serve it)", only.Message);
        Assert.Empty(_api.Sent);
    }

    [Theory]
    [InlineData("dall-e-3")]
    [InlineData("gpt-image-1")]
    public async Task A_retired_model_is_sent_as_usual_to_any_other_server(string model)
    {
        await Client(Azure).GenerateAsync(new ImageGenerationOptions("x") { Model = model });

        Assert.Contains($"\"model\":\"{model}\"", _api.Single.BodyText);
        Assert.Equal("contoso.openai.azure.com", _api.Single.Uri.Host);
    }

    [Fact]
    public async Task The_variations_endpoint_is_refused_on_openais_url_with_a_pointer_to_edits_and_works_elsewhere()
    {
        var input = ImageInput.FromBytes(TestImages.Png(64, 64));

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => Client(OpenAI).CreateVariationAsync(new ImageVariationOptions(input) { Model = ImageModel.DallE2 }));
        Assert.Contains(error.Errors, e => e.Field == "endpoint" && e.Message.StartsWith("the variations endpoint was retired on OpenAI's API on 2026-05-12; use EditAsync with a GPT image model such as gpt-image-2", StringComparison.Ordinal));
        Assert.Empty(_api.Sent);

        await Client(Azure).CreateVariationAsync(new ImageVariationOptions(input) { Model = ImageModel.DallE2 });
        Assert.EndsWith("/images/variations", _api.Single.Uri.AbsolutePath);
    }

    [Fact]
    public async Task A_deprecated_model_logs_one_warning_per_client_with_its_shutdown_date()
    {
        ImagesClient first = Client(OpenAI);
        await first.GenerateAsync(new ImageGenerationOptions("a") { Model = ImageModel.GptImage15 });
        await first.GenerateAsync(new ImageGenerationOptions("b") { Model = ImageModel.GptImage15 });
        await first.GenerateAsync(new ImageGenerationOptions("c") { Model = ImageModel.GptImage2 });

        LogEntry warning = Assert.Single(_logs.WithId(6));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Equal("Model gpt-image-1.5 is deprecated on OpenAI's API and shuts down on 2026-12-01; move to gpt-image-2", warning.Message);
        Assert.Equal(3, _api.Sent.Count);

        await Client(OpenAI).GenerateAsync(new ImageGenerationOptions("d") { Model = ImageModel.GptImage1Mini });
        Assert.Equal(2, _logs.WithId(6).Count());
    }

    [Fact]
    public async Task A_deprecated_model_becomes_retired_once_its_shutdown_date_passes()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 1, TimeSpan.Zero));

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => Client(OpenAI).GenerateAsync(new ImageGenerationOptions("x") { Model = "chatgpt-image-latest" }));

        Assert.Contains("was retired on 2026-12-01", error.Errors.Single().Message);
    }

    [Fact]
    public async Task Active_models_and_unknown_ids_pass_on_openais_url_without_warnings()
    {
        foreach (string model in new[] { "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-2.5-sunburst", "gpt-image-2.5-flare-2026-09-08", "gpt-image-2.6-flare", "gpt-image-9" })
        {
            await Client(OpenAI).GenerateAsync(new ImageGenerationOptions("x") { Model = model });
        }

        Assert.Equal(6, _api.Sent.Count);
        Assert.Empty(_logs.WithId(6));
    }
}
