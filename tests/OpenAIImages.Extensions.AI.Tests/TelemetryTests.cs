using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAIImages.Extensions.AI.Tests.Support;
using OpenAIImages.Testing;
using OpenTelemetry.Metrics;
using MeaiOptions = Microsoft.Extensions.AI.ImageGenerationOptions;

namespace OpenAIImages.Extensions.AI.Tests;

/// <summary>What the client emits through the <c>OpenAIImages</c> ActivitySource and Meter, captured with the OpenTelemetry SDK's in-memory exporters.</summary>
public sealed class TelemetryTests
{
    private const string Prompt = "A secret recipe for lemon cake";

    [Fact]
    public async Task A_generation_is_one_client_activity_with_the_gen_ai_tags_and_no_prompt_by_default()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateImagesAsync(Prompt, new MeaiOptions { ModelId = "gpt-image-1.5", Count = 2, AdditionalProperties = new() { ["quality"] = "low" } });

        Activity activity = Assert.Single(telemetry.Activities(harness.Host));
        Assert.Equal("generate_content gpt-image-1.5", activity.DisplayName);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal("generate_content", activity.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("openai", activity.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("gpt-image-1.5", activity.GetTagItem("gen_ai.request.model"));
        Assert.Equal("image", activity.GetTagItem("gen_ai.output.type"));
        Assert.Equal(2, activity.GetTagItem("gen_ai.request.choice.count"));
        Assert.Equal("generation", activity.GetTagItem("openaiimages.operation"));
        Assert.Equal(80, activity.GetTagItem("server.port"));
        Assert.Equal((int)response.Usage!.InputTokenCount!, activity.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal((int)response.Usage.OutputTokenCount!, activity.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Null(activity.GetTagItem("gen_ai.input.messages"));
        Assert.DoesNotContain(activity.TagObjects, tag => tag.Value?.ToString()?.Contains("lemon", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(activity.TagObjects, tag => tag.Value?.ToString()?.Contains("test", StringComparison.Ordinal) == true && tag.Key != "server.address");
    }

    [Fact]
    public async Task The_prompt_is_in_gen_ai_input_messages_when_sensitive_data_is_enabled()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness(options => options.EnableSensitiveTelemetryData = true);

        await harness.Generator.GenerateImagesAsync(Prompt, new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["quality"] = "low" } });

        Activity activity = Assert.Single(telemetry.Activities(harness.Host));
        Assert.Equal("""[{"role":"user","parts":[{"type":"text","content":"A secret recipe for lemon cake"}]}]""", activity.GetTagItem("gen_ai.input.messages"));
    }

    [Fact]
    public async Task Duration_token_usage_and_image_count_are_recorded_with_the_conventions_tags()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness();

        ImageGenerationResponse response = await harness.Generator.GenerateImagesAsync(Prompt, new MeaiOptions { ModelId = "gpt-image-1.5", Count = 2, AdditionalProperties = new() { ["quality"] = "low" } });

        var (duration, durationTags) = Assert.Single(telemetry.Points("gen_ai.client.operation.duration", harness.Host));
        Assert.Equal(1, duration.GetHistogramCount());
        Assert.True(duration.GetHistogramSum() > 0);
        Assert.Equal("generate_content", durationTags["gen_ai.operation.name"]);
        Assert.Equal("openai", durationTags["gen_ai.provider.name"]);
        Assert.Equal("gpt-image-1.5", durationTags["gen_ai.request.model"]);
        Assert.Equal(80, durationTags["server.port"]);
        Assert.False(durationTags.ContainsKey("error.type"));

        var tokens = telemetry.Points("gen_ai.client.token.usage", harness.Host).ToDictionary(p => (string)p.Tags["gen_ai.token.type"]!, p => p.Point.GetHistogramSum());
        Assert.Equal((double)response.Usage!.InputTokenCount!, tokens["input"]);
        Assert.Equal((double)response.Usage.OutputTokenCount!, tokens["output"]);

        var (images, imageTags) = Assert.Single(telemetry.Points("openaiimages.client.images", harness.Host));
        Assert.Equal(2, images.GetSumLong());
        Assert.Equal("generation", imageTags["openaiimages.operation"]);
    }

    [Fact]
    public async Task The_cost_counter_records_each_known_cost_with_the_model_and_currency()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness();

        ImageResult first = await harness.Client.GenerateAsync(new OpenAIImages.ImageGenerationOptions(Prompt) { Model = ImageModel.GptImage2, Quality = ImageQuality.Low });
        ImageResult second = await harness.Client.GenerateAsync(new OpenAIImages.ImageGenerationOptions(Prompt) { Model = ImageModel.GptImage2, Quality = ImageQuality.Low, N = 2 });

        Assert.Equal(ImageCostBasis.Usage, first.Cost!.Basis);
        var (cost, tags) = Assert.Single(telemetry.Points("openaiimages.client.cost", harness.Host));
        Assert.Equal((double)(first.Cost.Amount!.Value + second.Cost!.Amount!.Value), cost.GetSumDouble(), 9);
        Assert.True(cost.GetSumDouble() > 0);
        Assert.Equal("gpt-image-2", tags["gen_ai.request.model"]);
        Assert.Equal("USD", tags["openaiimages.cost.currency"]);
        Assert.Equal("generation", tags["openaiimages.operation"]);
    }

    [Fact]
    public async Task An_unknown_cost_is_not_counted()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness(options => options.ValidateRequests = false);

        ImageResult result = await harness.Client.GenerateAsync(new OpenAIImages.ImageGenerationOptions(Prompt) { Model = new ImageModel("gpt-image-2.5-sunburst"), Quality = ImageQuality.Low });

        Assert.Null(result.Cost!.Amount);
        Assert.Empty(telemetry.Points("openaiimages.client.cost", harness.Host));
    }

    [Fact]
    public async Task A_failure_sets_error_type_and_error_status_on_the_activity_and_the_duration()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness();
        harness.Emulator.FailNext(1, EmulatedFault.ContentPolicy());

        await Assert.ThrowsAsync<ImagesContentPolicyException>(() =>
            harness.Generator.GenerateImagesAsync(Prompt, new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["quality"] = "low" } }));

        Activity activity = Assert.Single(telemetry.Activities(harness.Host));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("OpenAIImages.ImagesContentPolicyException", activity.GetTagItem("error.type"));
        Assert.Equal(400, activity.GetTagItem("http.response.status_code"));
        Assert.Null(activity.GetTagItem("gen_ai.usage.output_tokens"));
        var (_, tags) = Assert.Single(telemetry.Points("gen_ai.client.operation.duration", harness.Host));
        Assert.Equal("OpenAIImages.ImagesContentPolicyException", tags["error.type"]);
        Assert.Empty(telemetry.Points("openaiimages.client.images", harness.Host));
    }

    [Fact]
    public async Task A_retry_is_an_event_of_the_one_activity()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness(GeneratorHarness.FastRetries);
        harness.Emulator.FailNext(1, EmulatedFault.ServerError());

        await harness.Generator.GenerateImagesAsync(Prompt, new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["quality"] = "low" } });

        Assert.Equal(2, harness.Emulator.Requests.Count);
        Activity activity = Assert.Single(telemetry.Activities(harness.Host));
        ActivityEvent retry = Assert.Single(activity.Events);
        Assert.Equal("openaiimages.retry", retry.Name);
        var tags = retry.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(1, tags["openaiimages.retry.attempt"]);
        Assert.Equal(0.005, tags["openaiimages.retry.delay"]);
        Assert.Equal("OpenAIImages.ImagesServerException", tags["error.type"]);
        Assert.Equal(500, tags["http.response.status_code"]);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task A_client_side_rate_limit_wait_is_an_event_and_counts()
    {
        using var telemetry = new TelemetryCapture();
        var clock = new InstantTimeProvider();
        using var harness = new GeneratorHarness(options =>
        {
            options.TimeProvider = clock;
            options.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            options.AttemptTimeout = System.Threading.Timeout.InfiniteTimeSpan;
            options.RateLimits.ImagesPerMinute["gpt-image-1.5"] = 1;
        });
        var request = new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["quality"] = "low" } };

        await harness.Generator.GenerateImagesAsync(Prompt, request);
        await harness.Generator.GenerateImagesAsync(Prompt, request);

        IReadOnlyList<Activity> activities = telemetry.Activities(harness.Host);
        Assert.Equal(2, activities.Count);
        Assert.Empty(activities[0].Events);
        ActivityEvent wait = Assert.Single(activities[1].Events);
        Assert.Equal("openaiimages.rate_limit.wait", wait.Name);
        var tags = wait.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("gpt-image-1.5", tags["gen_ai.request.model"]);
        Assert.Equal(1, tags["openaiimages.rate_limit.images"]);
        Assert.Equal(60.0, tags["openaiimages.rate_limit.wait.duration"]);
        Assert.Contains(
            telemetry.Points("openaiimages.client.rate_limit.waits", null),
            p => (string?)p.Tags["gen_ai.request.model"] == "gpt-image-1.5" && p.Point.GetSumLong() >= 1);
    }

    [Fact]
    public async Task A_streamed_generation_is_one_activity_that_ends_with_the_stream_and_has_its_usage()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness();

        var events = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent item in harness.Client.GenerateStreamingAsync(new OpenAIImages.ImageGenerationOptions(Prompt) { Model = ImageModel.GptImage15, Quality = ImageQuality.Low, PartialImages = 1 }))
        {
            events.Add(item);
            Assert.Empty(telemetry.Activities(harness.Host));
        }

        Activity activity = Assert.Single(telemetry.Activities(harness.Host));
        ImageCompletedEvent completed = Assert.IsType<ImageCompletedEvent>(events[^1]);
        Assert.Equal(completed.Usage!.OutputTokens, activity.GetTagItem("gen_ai.usage.output_tokens"));
        var (images, _) = Assert.Single(telemetry.Points("openaiimages.client.images", harness.Host));
        Assert.Equal(1, images.GetSumLong());
    }

    [Fact]
    public async Task An_edit_is_tagged_as_one()
    {
        using var telemetry = new TelemetryCapture();
        using var harness = new GeneratorHarness();

        await harness.Generator.EditImageAsync(new DataContent(Png.Make(16, 16), "image/png"), Prompt, new MeaiOptions { ModelId = "gpt-image-1.5", AdditionalProperties = new() { ["quality"] = "low" } });

        Activity activity = Assert.Single(telemetry.Activities(harness.Host));
        Assert.Equal("edit", activity.GetTagItem("openaiimages.operation"));
        Assert.Equal("generate_content", activity.GetTagItem("gen_ai.operation.name"));
    }
}
