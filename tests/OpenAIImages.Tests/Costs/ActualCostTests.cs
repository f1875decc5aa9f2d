using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenAIImages.Tests.Costs;

/// <summary>The actual cost after a call, from real recorded answers (shared/recorded-responses): usage priced by token kind, or the per-image table.</summary>
public sealed class ActualCostTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Recorded", "responses");

    [Fact]
    public async Task A_gpt_image_1_generation_is_priced_from_its_usage()
    {
        // Usage: 22 text input tokens, 12480 image output tokens (2 images 1024x1536 high).
        // 22 x $5/1M = $0.00011; 12480 x $40/1M = $0.4992. Total $0.49931.
        ImageResult result = await Replay("dotnet-2026-06-11-ImagesTests-GenerationWithOptionsWorks-6b4e00.json").GenerateAsync(new ImageGenerationOptions("replay") { Model = ImageModel.GptImage1 });

        ImageCost cost = Assert.IsType<ImageCost>(result.Cost);
        Assert.Equal(0.49931m, cost.Amount);
        Assert.Equal(ImageCostBasis.Usage, cost.Basis);
        Assert.Equal("USD", cost.Currency);
        Assert.Equal("0.49931 USD (usage)", cost.ToString());
    }

    [Fact]
    public async Task A_gpt_image_1_edit_prices_image_input_tokens_as_image_not_as_text()
    {
        // Usage: input 90 text + 388 image tokens, output 8320 image tokens (2 images 1024x1024 high).
        // 90 x $5/1M = $0.00045; 388 x $10/1M = $0.00388; 8320 x $40/1M = $0.3328. Total $0.33713.
        // (All 478 input tokens priced as text would be $0.00239: less, and wrong.)
        ImageResult result = await Replay("dotnet-2026-06-11-ImageEditsTests-GenerateMultipleImageEditsWorks_UsingFilePath_-266993.json")
            .EditAsync(new ImageEditOptions([ImageInput.FromBytes(TestImages.ReferencePng, "in.png")], "replay") { Model = ImageModel.GptImage1, N = 2 });

        Assert.Equal(0.33713m, result.Cost!.Amount);
        Assert.Equal(ImageCostBasis.Usage, result.Cost.Basis);
    }

    [Fact]
    public async Task Usage_without_output_details_prices_all_output_as_image()
    {
        // A 2025 answer: input details (22 text), no output details; 2112 output tokens.
        // 22 x $5/1M = $0.00011; 2112 x $40/1M = $0.08448. Total $0.08459.
        ImageResult result = await Replay("dotnet-2025-09-29-ImagesTests-GenerationOfMultipleImagesWithBytesResponseWorks-bced62.json").GenerateAsync(new ImageGenerationOptions("replay") { Model = ImageModel.GptImage1, N = 2 });

        Assert.Equal(0.08459m, result.Cost!.Amount);
    }

    [Fact]
    public async Task DallE_answers_without_usage_are_priced_from_the_table_by_images_returned()
    {
        // dall-e-2 edit, 2 images 256x256 at $0.016: $0.032. dall-e-3, 1 image at its default 1024x1024 standard: $0.04.
        ImageResult edit = await Replay("dotnet-2025-09-29-ImageEditsTests-GenerateMultipleImageEditsWorks_UsingFilePath_-fe7c94.json")
            .EditAsync(new ImageEditOptions([ImageInput.FromBytes(TestImages.ReferencePng, "in.png")], "replay") { Model = ImageModel.DallE2, N = 2, Size = ImageSize.Square256 });
        ImageResult generation = await Replay("dotnet-2025-09-29-ImagesTests-BasicGenerationWorks-d17258.json").GenerateAsync(new ImageGenerationOptions("replay") { Model = ImageModel.DallE3 });

        Assert.Equal(0.032m, edit.Cost!.Amount);
        Assert.Equal(ImageCostBasis.PriceTable, edit.Cost.Basis);
        Assert.Equal(0.04m, generation.Cost!.Amount);
    }

    [Fact]
    public async Task The_actual_cost_is_at_most_the_estimate()
    {
        var options = new ImageGenerationOptions("replay") { Model = ImageModel.GptImage1, N = 2, Size = ImageSize.Portrait1024x1536, Quality = ImageQuality.High };
        ImagesClient client = Replay("dotnet-2026-06-11-ImagesTests-GenerationWithOptionsWorks-6b4e00.json");

        ImageCostEstimate estimate = client.EstimateCost(options);
        ImageResult result = await client.GenerateAsync(options);

        // Estimate: 2 x max(6240 x $40/1M = $0.2496, $0.25) = $0.50, plus (6 + 64) x 2 = 140 text tokens x $5/1M = $0.0007.
        Assert.Equal(0.5007m, estimate.Amount);
        Assert.True(result.Cost!.Amount <= estimate.Amount);
    }

    [Fact]
    public async Task A_model_without_a_price_has_an_unknown_cost_never_zero()
    {
        var api = new RecordingApi().AnswerJson("{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\"}],\"usage\":{\"input_tokens\":5,\"output_tokens\":100,\"total_tokens\":105}}");
        ImageResult result = await api.Client(o => o.ValidateRequests = false).GenerateAsync(new ImageGenerationOptions("x") { Model = new ImageModel("gpt-image-2.5-sunburst") });

        Assert.Null(result.Cost!.Amount);
        Assert.Equal(ImageCostBasis.Unknown, result.Cost.Basis);
        Assert.Equal("unknown", result.Cost.ToString());
    }

    [Fact]
    public async Task Text_output_tokens_without_a_text_output_price_make_the_cost_unknown()
    {
        // gpt-image-1 has no text output price; an answer that reports reasoning text tokens cannot be priced in full.
        var api = new RecordingApi().AnswerJson("{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\"}],\"usage\":{\"input_tokens\":5,\"output_tokens\":300,\"total_tokens\":305,\"input_tokens_details\":{\"text_tokens\":5,\"image_tokens\":0},\"output_tokens_details\":{\"text_tokens\":28,\"image_tokens\":272}}}");
        ImageResult result = await api.Client(o => o.TimeProvider = new FakeTimeProvider(CostEstimateTests.WhileServed)).GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage1 });

        Assert.Null(result.Cost!.Amount);
    }

    [Fact]
    public async Task A_priced_text_output_is_added()
    {
        // gpt-image-2: 5 text in x $5/1M = $0.000025; 272 image out x $30/1M = $0.00816; 28 text out x $10/1M = $0.00028. Total $0.008465.
        var api = new RecordingApi().AnswerJson("{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\"}],\"usage\":{\"input_tokens\":5,\"output_tokens\":300,\"total_tokens\":305,\"input_tokens_details\":{\"text_tokens\":5,\"image_tokens\":0},\"output_tokens_details\":{\"text_tokens\":28,\"image_tokens\":272}}}");
        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });

        Assert.Equal(0.008465m, result.Cost!.Amount);
    }

    [Fact]
    public async Task A_streamed_completed_event_carries_its_cost()
    {
        // gpt-image-2: 12 text input tokens x $5/1M = $0.00006; 4160 image output tokens x $30/1M = $0.1248. Total $0.12486.
        string data = "{\"type\":\"image_generation.completed\",\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng)
            + "\",\"created_at\":1713833628,\"size\":\"1024x1024\",\"quality\":\"high\",\"output_format\":\"png\",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"image_tokens\":0,\"text_tokens\":12},\"output_tokens\":4160,\"total_tokens\":4172}}";
        var api = new RecordingApi().Answer(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("event: image_generation.completed\ndata: " + data + "\n\n", Encoding.UTF8) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return response;
        });

        ImageCompletedEvent? completed = null;
        await foreach (ImageStreamEvent e in api.Client().GenerateStreamingAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, PartialImages = 1 }))
        {
            completed = e as ImageCompletedEvent ?? completed;
        }

        Assert.Equal(0.12486m, completed!.Cost!.Amount);
        Assert.Equal(ImageCostBasis.Usage, completed.Cost.Basis);
    }

    [Fact]
    public void Results_made_without_a_client_have_no_cost_unless_a_test_gives_one()
    {
        Assert.Null(ImagesModelFactory.ImageResult([ImagesModelFactory.GeneratedImage([1])]).Cost);
        Assert.Equal(0.04m, ImagesModelFactory.ImageResult(cost: new ImageCost(0.04m, "USD", ImageCostBasis.PriceTable)).Cost!.Amount);
        Assert.Equal(ImageCostBasis.Unknown, new ImageCost(null, "USD", ImageCostBasis.Usage).Basis);
    }

    private static ImagesClient Replay(string file)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, file)));
        string body = document.RootElement.GetProperty("body").GetRawText();
        var api = new RecordingApi();
        api.Handler.When(HttpMethod.Get, "*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(TestImages.ReferencePng) });
        api.Answer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        return api.Client(options => options.TimeProvider = new FakeTimeProvider(CostEstimateTests.WhileServed));
    }
}
