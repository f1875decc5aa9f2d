using System;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Costs;

/// <summary>The estimate before sending, for each model family, against figures worked by hand from the price table.</summary>
public sealed class CostEstimateTests
{
    // Before DALL·E's retirement (2026-05-12), so every model the table prices is still served and its rules apply.
    internal static readonly DateTimeOffset WhileServed = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static ImagesClient Client(Action<ImagesClientOptions>? configure = null) => new RecordingApi().Client(options =>
    {
        options.TimeProvider = new FakeTimeProvider(WhileServed);
        configure?.Invoke(options);
    });

    [Fact]
    public void DallE3_is_its_per_image_price_by_size_and_quality()
    {
        // 1 image x 1024x1792 hd: $0.12.
        ImageCostEstimate estimate = Client().EstimateCost(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.DallE3, Size = ImageSize.Portrait1024x1792, Quality = ImageQuality.Hd });

        Assert.Equal(0.12m, estimate.Amount);
        Assert.Equal("USD", estimate.Currency);
        Assert.Equal("dall-e-3", estimate.Model);
        Assert.True(estimate.IsKnown);
        Assert.Contains(estimate.Breakdown, line => line.Contains("1024x1792 hd", StringComparison.Ordinal));
    }

    [Fact]
    public void DallE3_without_size_or_quality_is_priced_at_its_defaults()
    {
        // The defaults: 1024x1024 standard, $0.04.
        Assert.Equal(0.04m, Client().EstimateCost(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.DallE3 }).Amount);
    }

    [Fact]
    public void DallE2_multiplies_images_by_the_price_of_the_size()
    {
        // 3 x 512x512 at $0.018 = $0.054; a variation, 2 x 256x256 at $0.016 = $0.032.
        ImagesClient client = Client();
        Assert.Equal(0.054m, client.EstimateCost(new ImageGenerationOptions("a fox") { Model = ImageModel.DallE2, N = 3, Size = ImageSize.Square512 }).Amount);
        Assert.Equal(0.032m, client.EstimateCost(new ImageVariationOptions(ImageInput.FromBytes(TestImages.ReferencePng, "in.png")) { N = 2, Size = ImageSize.Square256 }).Amount);
    }

    [Fact]
    public void GptImage1_prices_output_input_text_and_multiplies_by_n()
    {
        // Output: max(4160 tokens x $40/1M = $0.1664, per-image $0.167) = $0.167, x 2 = $0.334.
        // Prompt "a fox": 5 bytes + 64 allowance = 69 tokens, x 2 images = 138 x $5/1M = $0.00069. Total $0.33469.
        ImageCostEstimate estimate = Client().EstimateCost(new ImageGenerationOptions("a fox") { Model = ImageModel.GptImage1, N = 2, Size = ImageSize.Square1024, Quality = ImageQuality.High });

        Assert.Equal(0.33469m, estimate.Amount);
        Assert.Contains(estimate.Breakdown, line => line.StartsWith("2 images x 1024x1024 high: 2 x 0.167 USD", StringComparison.Ordinal));
        Assert.Contains(estimate.Breakdown, line => line.Contains("138 tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void Auto_size_and_quality_take_the_dearest_the_model_may_pick()
    {
        // gpt-image-1, no size or quality: the dearest is 1024x1536 high, max(6240 x $40/1M = $0.2496, $0.25) = $0.25.
        // Prompt "sky": 3 + 64 = 67 tokens x $5/1M = $0.000335. Total $0.250335.
        ImageCostEstimate estimate = Client().EstimateCost(new ImageGenerationOptions("sky") { Model = ImageModel.GptImage1 });

        Assert.Equal(0.250335m, estimate.Amount);
        Assert.Contains(estimate.Breakdown, line => line.Contains("the dearest", StringComparison.Ordinal));
    }

    [Fact]
    public void An_edit_bounds_each_input_image_without_reading_the_files()
    {
        // gpt-image-1, 2 images + a mask = 3 input images at high fidelity: 581 + 6144 = 6725 tokens each,
        // 3 x 6725 = 20175 x $10/1M = $0.20175. Output 1024x1024 medium: max(1056 x $40/1M = $0.04224, $0.042) = $0.04224.
        // Prompt "add a window": 12 bytes + 64 + 3 x 64 = 268 tokens x $5/1M = $0.00134. Total $0.24533.
        // The streams throw when read: an estimate never reads them.
        var options = new ImageEditOptions([Unreadable(), Unreadable()], "add a window")
        {
            Model = ImageModel.GptImage1,
            Mask = Unreadable(),
            InputFidelity = ImageInputFidelity.High,
            Size = ImageSize.Square1024,
            Quality = ImageQuality.Medium,
        };

        ImageCostEstimate estimate = Client().EstimateCost(options);

        Assert.Equal(0.24533m, estimate.Amount);
        Assert.Contains(estimate.Breakdown, line => line.Contains("files not read", StringComparison.Ordinal) && line.Contains("6725", StringComparison.Ordinal));
    }

    [Fact]
    public void GptImage2_prices_a_custom_size_in_proportion_to_pixels()
    {
        // 2048x2048 high: the dearest rate per pixel at high is 1024x1024's max(7024 x $30/1M = $0.21072, $0.211) = $0.211
        // for 1,048,576 px; 4,194,304 px is 4 times that: $0.844. Prompt "x": 1 + 64 = 65 tokens x $5/1M = $0.000325.
        ImageCostEstimate estimate = Client().EstimateCost(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, Size = new ImageSize(2048, 2048), Quality = ImageQuality.High });

        Assert.Equal(0.844325m, estimate.Amount);
        Assert.Contains(estimate.Breakdown, line => line.Contains("in proportion to pixels from 1024x1024 high", StringComparison.Ordinal));
    }

    [Fact]
    public void GptImage1Mini_uses_its_per_image_price_where_it_is_above_the_tokens()
    {
        // 1536x1024 low: max(400 x $8/1M = $0.0032, $0.006) = $0.006, x 4 = $0.024.
        // Prompt "cat": 3 + 64 = 67 tokens x 4 = 268 x $2/1M = $0.000536. Total $0.024536.
        ImageCostEstimate estimate = Client().EstimateCost(new ImageGenerationOptions("cat") { Model = new ImageModel("gpt-image-1-mini"), N = 4, Size = ImageSize.Landscape1536x1024, Quality = ImageQuality.Low });

        Assert.Equal(0.024536m, estimate.Amount);
    }

    [Fact]
    public void Partial_images_add_their_output_tokens_and_the_request_is_priced_as_a_stream()
    {
        // gpt-image-1.5 1024x1024 low: max(272 x $32/1M = $0.008704, $0.009) = $0.009; 2 partial images x 100 tokens
        // = 200 x $32/1M = $0.0064; prompt "sun": 67 tokens x $5/1M = $0.000335. Total $0.015735.
        ImageCostEstimate estimate = Client().EstimateCost(new ImageGenerationOptions("sun") { Model = new ImageModel("gpt-image-1.5"), Size = ImageSize.Square1024, Quality = ImageQuality.Low, PartialImages = 2 });

        Assert.Equal(0.015735m, estimate.Amount);
        Assert.Contains(estimate.Breakdown, line => line.StartsWith("partial images: 2", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_checks_off_a_count_below_one_is_priced_as_one_image_never_as_a_negative_amount()
    {
        ImagesClient client = Client(o => o.ValidateRequests = false);

        Assert.Equal(0.04m, client.EstimateCost(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, N = -3 }).Amount);
        Assert.Equal(0.04m, client.EstimateCost(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, N = 0 }).Amount);
    }

    [Fact]
    public void A_model_without_a_price_is_unknown_never_zero()
    {
        ImageCostEstimate estimate = Client(o => o.ValidateRequests = false).EstimateCost(new ImageGenerationOptions("x") { Model = new ImageModel("gpt-image-2.5-sunburst") });

        Assert.Null(estimate.Amount);
        Assert.False(estimate.IsKnown);
        Assert.StartsWith("unknown", estimate.ToString(), StringComparison.Ordinal);
        Assert.Contains("ImagesClientOptions.Prices", Assert.Single(estimate.Breakdown), StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_in_code_changes_a_price_and_prices_a_new_model()
    {
        ImagesClient client = Client(options =>
        {
            options.Prices["DALL-E-3"] = new ImageModelPrice { PerImage = { ["1024x1024/standard"] = 0.05m } };
            options.Prices["my-image-model"] = new ImageModelPrice { BasedOn = "gpt-image-1", ImageOutputPerMillion = 20m, Currency = "EUR" };
            options.ValidateRequests = false;
        });

        // dall-e-3 1024x1024 standard, changed to 0.05; hd keeps the table's 0.08.
        Assert.Equal(0.05m, client.EstimateCost(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 }).Amount);
        Assert.Equal(0.08m, client.EstimateCost(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, Quality = ImageQuality.Hd }).Amount);

        // my-image-model: gpt-image-1's figures with output at 20 a million: 1024x1024 high max(4160 x 20/1M = 0.0832,
        // per-image 0.167) = 0.167; prompt "x": 65 x 5/1M = 0.000325. Total 0.167325 EUR.
        ImageCostEstimate custom = client.EstimateCost(new ImageGenerationOptions("x") { Model = new ImageModel("my-image-model"), Size = ImageSize.Square1024, Quality = ImageQuality.High });
        Assert.Equal(0.167325m, custom.Amount);
        Assert.Equal("EUR", custom.Currency);
    }

    [Fact]
    public void The_client_keeps_a_copy_of_the_prices()
    {
        var price = new ImageModelPrice { PerImage = { ["1024x1024/standard"] = 0.05m } };
        ImagesClient client = Client(options => options.Prices["dall-e-3"] = price);
        price.PerImage["1024x1024/standard"] = 9m;

        Assert.Equal(0.05m, client.EstimateCost(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 }).Amount);
    }

    [Fact]
    public void Prices_that_cannot_be_used_are_refused_when_the_client_is_built()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Client(options =>
        {
            options.Prices["a"] = new ImageModelPrice { BasedOn = "no-such-model" };
            options.Prices["b"] = new ImageModelPrice { ImageOutputPerMillion = -1m };
        }));

        Assert.Contains("Prices[a].BasedOn names 'no-such-model'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Prices[b] must not have a negative price", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void On_Azure_a_deployment_is_priced_by_its_own_entry_else_by_the_model_behind_it()
    {
        static ImagesClient Azure(Action<ImagesClientOptions>? more = null) => Client(options =>
        {
            options.Azure = new ImagesAzureOptions { Endpoint = new Uri("https://res.openai.azure.com/"), Deployment = "images-prod", Model = ImageModel.DallE3 };
            more?.Invoke(options);
        });

        ImageCostEstimate behind = Azure().EstimateCost(new ImageGenerationOptions("x"));
        Assert.Equal("dall-e-3", behind.Model);
        Assert.Equal(0.04m, behind.Amount);

        ImageCostEstimate own = Azure(o => o.Prices["images-prod"] = new ImageModelPrice { BasedOn = "dall-e-3", PerImage = { ["1024x1024/standard"] = 0.044m } }).EstimateCost(new ImageGenerationOptions("x"));
        Assert.Equal("images-prod", own.Model);
        Assert.Equal(0.044m, own.Amount);
    }

    [Fact]
    public void Options_the_model_refuses_throw_as_a_call_would_and_nothing_is_sent()
    {
        var api = new RecordingApi();
        ImagesClient client = api.Client(options => options.TimeProvider = new FakeTimeProvider(WhileServed));

        ImageValidationException tooMany = Assert.Throws<ImageValidationException>(() => client.EstimateCost(new ImageGenerationOptions("x") { Model = ImageModel.DallE3, N = 2 }));
        Assert.Contains(tooMany.Errors, e => e.Field == "n");
        Assert.Throws<ImageValidationException>(() => client.EstimateCost(new ImageEditOptions(Unreadable(), "x") { Model = ImageModel.DallE3 }));
        Assert.Throws<ImageValidationException>(() => client.EstimateCost(new ImageEditOptions([Unreadable(), Unreadable()], "x") { Model = ImageModel.DallE2 }));
        Assert.Empty(api.Sent);
    }

    private static ImageInput Unreadable() => ImageInput.FromStream(new UnreadableStream(), "in.png");

    [Fact]
    public void Null_options_throw_ArgumentNullException()
    {
        ImagesClient client = Client();
        Assert.Throws<ArgumentNullException>(() => client.EstimateCost((ImageGenerationOptions)null!));
        Assert.Throws<ArgumentNullException>(() => client.EstimateCost((ImageEditOptions)null!));
        Assert.Throws<ArgumentNullException>(() => client.EstimateCost((ImageVariationOptions)null!));
    }

    [Fact]
    public void Every_model_the_catalog_serves_today_has_a_price_but_the_unpublished_ones()
    {
        string[] unpriced = OpenAIImages.Catalog.ModelCatalog.KnownModels.Where(id => OpenAIImages.Costs.PriceTable.Get(id) is null).ToArray();
        Assert.All(unpriced, id => Assert.StartsWith("gpt-image-2.", id, StringComparison.Ordinal));
    }

    private sealed class UnreadableStream : System.IO.MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("An estimate read an input image.");

        public override int Read(Span<byte> buffer) => throw new InvalidOperationException("An estimate read an input image.");

        public override System.Threading.Tasks.Task<int> ReadAsync(byte[] buffer, int offset, int count, System.Threading.CancellationToken cancellationToken) => throw new InvalidOperationException("An estimate read an input image.");

        public override System.Threading.Tasks.ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default) => throw new InvalidOperationException("An estimate read an input image.");
    }
}
