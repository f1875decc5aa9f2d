using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenAIImages.Tests.Azure;

/// <summary>Azure OpenAI's per-image <c>content_filter_results</c> and <c>prompt_filter_results</c> come out typed, in memory, to files and streamed.</summary>
public sealed class AzureFilterResultTests : IDisposable
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Recorded", "responses");

    private static readonly ImageContentFilterResult Safe = new(false, "safe", null);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "openaiimages-azure-filters-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("azure-net-ImageTests-CanCreateSimpleImage.json", false)]
    [InlineData("azure-net-ImageTests-CanGetContentFilterResults.json", false)]
    [InlineData("azure-net-ImageTests-CanCreateSimpleImage.json", true)]
    [InlineData("azure-net-ImageTests-CanGetContentFilterResults.json", true)]
    public async Task The_recorded_azure_filter_results_come_out_typed(string file, bool toFiles)
    {
        ImagesClient client = Replaying(RecordedBody(file), chunk: null);

        ImageResult result = toFiles
            ? await client.GenerateToFilesAsync(new ImageGenerationOptions("a tabby cat"), _dir)
            : await client.GenerateAsync(new ImageGenerationOptions("a tabby cat"));

        GeneratedImage image = Assert.Single(result.Images);
        AssertRecordedVerdicts(image);
        Assert.Equal("a tabby cat", image.RevisedPrompt);
        if (toFiles)
        {
            Assert.True(File.Exists(image.FilePath));
        }
    }

    [Fact]
    public async Task The_filter_results_survive_a_body_that_arrives_a_byte_at_a_time()
    {
        ImagesClient client = Replaying(RecordedBody("azure-net-ImageTests-CanCreateSimpleImage.json"), chunk: 1);

        ImageResult result = await client.GenerateToFilesAsync(new ImageGenerationOptions("a tabby cat"), _dir);

        AssertRecordedVerdicts(Assert.Single(result.Images));
    }

    [Fact]
    public async Task An_answer_without_filter_results_has_none()
    {
        // Azure's gpt-image-1 answer of 2025-04-25 carries no filter results; neither does any of OpenAI's.
        ImageResult result = await Replaying(RecordedBody("azure-net-ImageTests-GptImage1Works.json"), chunk: null).GenerateAsync(new ImageGenerationOptions("x"));

        Assert.All(result.Images, image =>
        {
            Assert.Null(image.ContentFilterResults);
            Assert.Null(image.PromptFilterResults);
        });
    }

    [Fact]
    public async Task Each_image_keeps_its_own_verdict_and_unreadable_parts_are_skipped()
    {
        string png = Convert.ToBase64String(TestImages.ReferencePng);
        string body = "{\"created\":1,\"data\":["
            + "{\"b64_json\":\"" + png + "\",\"content_filter_results\":{\"violence\":{\"filtered\":true,\"severity\":\"medium\"},"
            + "\"custom_blocklists\":{\"filtered\":false,\"details\":[{\"id\":\"b1\",\"filtered\":true}]},\"note\":\"text\",\"list\":[1,2]}},"
            + "{\"b64_json\":\"" + png + "\",\"content_filter_results\":{},\"prompt_filter_results\":{\"jailbreak\":{\"filtered\":\"no\",\"detected\":true,\"severity\":7}}},"
            + "{\"b64_json\":\"" + png + "\",\"content_filter_results\":null}"
            + "]}";

        ImageResult result = await Replaying(body, chunk: null).GenerateAsync(new ImageGenerationOptions("x"));

        Assert.Equal(3, result.Images.Count);
        IReadOnlyDictionary<string, ImageContentFilterResult> first = Assert.IsAssignableFrom<IReadOnlyDictionary<string, ImageContentFilterResult>>(result.Images[0].ContentFilterResults);
        Assert.Equal(["custom_blocklists", "violence"], first.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new ImageContentFilterResult(true, "medium", null), first["violence"]);
        Assert.Equal(new ImageContentFilterResult(false, null, null), first["custom_blocklists"]);
        Assert.Null(result.Images[0].PromptFilterResults);

        // An empty object is no verdict; wrongly typed values are dropped, not fatal: the images were paid for.
        Assert.Null(result.Images[1].ContentFilterResults);
        Assert.Equal(new ImageContentFilterResult(false, null, true), result.Images[1].PromptFilterResults!["jailbreak"]);
        Assert.Null(result.Images[2].ContentFilterResults);
    }

    [Fact]
    public async Task Filter_results_that_are_not_an_object_are_dropped_and_the_paid_image_kept()
    {
        string body = "{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\",\"prompt_filter_results\":\"safe\"}]}";

        ImageResult result = await Replaying(body, chunk: null).GenerateAsync(new ImageGenerationOptions("x"));

        Assert.Equal(TestImages.ReferencePng, result.Images[0].Bytes.ToArray());
        Assert.Null(result.Images[0].PromptFilterResults);
    }

    [Fact]
    public async Task A_streamed_event_with_filter_results_carries_them_on_its_image()
    {
        string completed = "{\"type\":\"image_generation.completed\",\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\",\"created_at\":1,"
            + "\"content_filter_results\":{\"sexual\":{\"filtered\":false,\"severity\":\"low\"}},\"prompt_filter_results\":{\"profanity\":{\"filtered\":false,\"detected\":false}}}";
        var api = new RecordingApi().Answer(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("event: image_generation.completed\ndata: " + completed + "\n\n", Encoding.UTF8) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return response;
        });

        var events = new List<ImageStreamEvent>();
        await foreach (ImageStreamEvent e in api.Client().GenerateStreamingAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage15 }))
        {
            events.Add(e);
        }

        GeneratedImage image = Assert.IsType<ImageCompletedEvent>(Assert.Single(events)).Image;
        Assert.Equal(new ImageContentFilterResult(false, "low", null), image.ContentFilterResults!["sexual"]);
        Assert.Equal(new ImageContentFilterResult(false, null, false), image.PromptFilterResults!["profanity"]);
    }

    [Fact]
    public void The_model_factory_makes_images_with_filter_results_that_later_changes_do_not_reach()
    {
        var verdicts = new Dictionary<string, ImageContentFilterResult> { ["hate"] = Safe };

        GeneratedImage image = ImagesModelFactory.GeneratedImage(TestImages.ReferencePng, contentFilterResults: verdicts, promptFilterResults: verdicts);
        verdicts["hate"] = new ImageContentFilterResult(true, "high", null);

        Assert.Equal(Safe, image.ContentFilterResults!["hate"]);
        Assert.Equal(Safe, image.PromptFilterResults!["hate"]);
        Assert.Null(ImagesModelFactory.GeneratedImage(TestImages.ReferencePng).ContentFilterResults);
    }

    private static void AssertRecordedVerdicts(GeneratedImage image)
    {
        IReadOnlyDictionary<string, ImageContentFilterResult> content = Assert.IsAssignableFrom<IReadOnlyDictionary<string, ImageContentFilterResult>>(image.ContentFilterResults);
        Assert.Equal(["hate", "self_harm", "sexual", "violence"], content.Keys.Order(StringComparer.Ordinal));
        Assert.All(content.Values, verdict => Assert.Equal(Safe, verdict));

        IReadOnlyDictionary<string, ImageContentFilterResult> prompt = Assert.IsAssignableFrom<IReadOnlyDictionary<string, ImageContentFilterResult>>(image.PromptFilterResults);
        Assert.Equal(["hate", "profanity", "self_harm", "sexual", "violence"], prompt.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new ImageContentFilterResult(false, null, false), prompt["profanity"]);
        Assert.All(prompt.Where(p => p.Key != "profanity"), p => Assert.Equal(Safe, p.Value));
    }

    private static string RecordedBody(string file)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, file)));
        return document.RootElement.GetProperty("body").GetRawText();
    }

    /// <summary>An Azure deployment that answers <paramref name="body"/>, in pieces of <paramref name="chunk"/> bytes when given, and serves a PNG for any image URL.</summary>
    private static ImagesClient Replaying(string body, int? chunk)
    {
        var api = new RecordingApi();
        api.Handler.When(HttpMethod.Get, "*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(TestImages.ReferencePng) });
        api.Answer(_ =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            HttpContent content = chunk is { } size ? new StreamContent(new ChunkedStream(bytes, size)) : new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        return api.Client(o =>
        {
            o.ApiKey = "azure-key-0123456789abcdef";
            o.Azure = new ImagesAzureOptions { Endpoint = new Uri("https://my-resource.openai.azure.com/"), Deployment = "dalle3", Model = ImageModel.DallE3 };
        });
    }
}
