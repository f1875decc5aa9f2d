using System;
using System.Collections.Generic;
using System.Threading;

namespace OpenAIImages.Costs;

/// <summary>
/// The SDK's list prices of every model it can price, in USD, as data: per-image prices (DALL·E) and token prices per
/// million tokens (GPT image models), with the token counts an estimate assumes. A model not here has no price: its
/// costs are unknown, never 0. Changed or extended per client by <see cref="ImagesClientOptions.Prices"/>.
/// </summary>
/// <remarks>
/// Figures as of 2026-12-07, from OpenAI's pricing page (https://developers.openai.com/api/docs/pricing#image-generation)
/// and image generation guide (https://developers.openai.com/api/docs/guides/image-generation), read through the copies
/// cited on each entry. These are OpenAI's standard (not Batch API) prices; Azure OpenAI has its own price list.
/// </remarks>
internal static class PriceTable
{
    // Output image tokens by size and quality, from the image generation guide's "Cost and latency" table (copied at
    // https://community.openai.com/t/what-is-the-difference-between-image-generation-and-output-of-image-tokens/1371851,
    // read 2026-12-07): the same for gpt-image-1, gpt-image-1-mini and gpt-image-1.5. The recorded real answers in
    // shared/recorded-responses bill exactly these (1024x1024 low 272, medium 1056, high 4160; 1024x1536 high 6240).
    private static readonly (string Key, int Tokens)[] GptImage1OutputTokens =
    [
        ("1024x1024/low", 272), ("1024x1024/medium", 1056), ("1024x1024/high", 4160),
        ("1024x1536/low", 408), ("1024x1536/medium", 1584), ("1024x1536/high", 6240),
        ("1536x1024/low", 400), ("1536x1024/medium", 1568), ("1536x1024/high", 6208),
    ];

    // Input images of an edit, from the guide's "Calculating costs" (quoted at
    // https://community.openai.com/t/image-generation-high-fidelity-editing/1317649, read 2026-12-07): GPT image models
    // scale an input so its shortest side is 512 px (within 2048x2048), then bill 65 tokens plus 129 a 512-px tile; at
    // most 4 tiles, so at most 65 + 4 x 129 = 581 tokens an image. input_fidelity=high adds 4096 tokens (square) or 6144
    // (otherwise): at most 6144. The recorded edits bill 194 (65 + 129) for a 1024x1024 input.
    private const int GptInputImageTokens = 581;
    private const int GptHighFidelityExtraTokens = 6144;

    // Each partial image of a stream adds 100 image output tokens (the guide's streaming section, gpt-image-1).
    private const int GptPartialImageTokens = 100;

    private static readonly (string Id, Func<ImageModelPrice> Build)[] Models =
    [
        ("dall-e-2", DallE2),
        ("dall-e-3", DallE3),
        ("gpt-image-1", GptImage1),
        ("gpt-image-1-mini", GptImage1Mini),
        ("gpt-image-1.5", GptImage15),
        ("gpt-image-1.5-2025-12-16", GptImage15),
        ("chatgpt-image-latest", GptImage15),
        ("gpt-image-2", GptImage2),
        ("gpt-image-2-2026-04-21", GptImage2),

        // gpt-image-2.5 and 2.6 (sunburst, flare): no published price found; unknown, set one in ImagesClientOptions.Prices.
    ];

    private static readonly ImageModelPrice?[] Built = new ImageModelPrice?[Models.Length];

    /// <summary>Gets the ids of every model the table prices.</summary>
    public static IEnumerable<string> KnownModels
    {
        get
        {
            foreach ((string id, _) in Models)
            {
                yield return id;
            }
        }
    }

    /// <summary>Finds the prices of <paramref name="model"/>, or null when the table has none.</summary>
    /// <remarks>Built the first time it is asked for and shared from then on: never change the instance returned.</remarks>
    public static ImageModelPrice? Get(string? model)
    {
        for (int i = 0; i < Models.Length; i++)
        {
            if (string.Equals(Models[i].Id, model, StringComparison.OrdinalIgnoreCase))
            {
                return Built[i] ?? Interlocked.CompareExchange(ref Built[i], Models[i].Build(), null) ?? Built[i];
            }
        }

        return null;
    }

    // DALL·E 2, per image by size (pricing page, "Image generation" legacy models; copied at
    // https://docs.dev.xavier.icvr.xyz/models/openai/dall-e-2.html, read 2026-12-07).
    private static ImageModelPrice DallE2() => PerImage(
        ("256x256", 0.016m), ("512x512", 0.018m), ("1024x1024", 0.020m));

    // DALL·E 3, per image by size and quality (pricing page; copied at
    // https://docs.dev.xavier.icvr.xyz/models/openai/dall-e-3.html, read 2026-12-07).
    private static ImageModelPrice DallE3() => PerImage(
        ("1024x1024/standard", 0.040m), ("1024x1024/hd", 0.080m),
        ("1024x1792/standard", 0.080m), ("1024x1792/hd", 0.120m),
        ("1792x1024/standard", 0.080m), ("1792x1024/hd", 0.120m));

    // gpt-image-1: text $5 (cached $1.25), image input $10 (cached $2.50), image output $40 a million tokens; per image
    // $0.011-$0.25 (pricing page; copied at https://www.burncloud.com/aiapi-detail/gpt-image-1.html, read 2026-12-07).
    private static ImageModelPrice GptImage1() => Gpt(
        textIn: 5.00m, cachedTextIn: 1.25m, imageIn: 10.00m, cachedImageIn: 2.50m, imageOut: 40.00m, textOut: null,
        ("1024x1024/low", 0.011m), ("1024x1024/medium", 0.042m), ("1024x1024/high", 0.167m),
        ("1024x1536/low", 0.016m), ("1024x1536/medium", 0.063m), ("1024x1536/high", 0.25m),
        ("1536x1024/low", 0.016m), ("1536x1024/medium", 0.063m), ("1536x1024/high", 0.25m));

    // gpt-image-1-mini: text $2 (cached $0.20), image input $2.50 (cached $0.25), image output $8 a million tokens; per
    // image $0.005-$0.052, more than its output tokens priced, so estimates use these (pricing page as of 2026-03-27;
    // copied at https://www.aifreeapi.com/en/posts/gpt-image-1-mini-pricing, read 2026-12-07). input_fidelity is low only.
    private static ImageModelPrice GptImage1Mini() => Gpt(
        textIn: 2.00m, cachedTextIn: 0.20m, imageIn: 2.50m, cachedImageIn: 0.25m, imageOut: 8.00m, textOut: null,
        ("1024x1024/low", 0.005m), ("1024x1024/medium", 0.011m), ("1024x1024/high", 0.036m),
        ("1024x1536/low", 0.006m), ("1024x1536/medium", 0.015m), ("1024x1536/high", 0.052m),
        ("1536x1024/low", 0.006m), ("1536x1024/medium", 0.015m), ("1536x1024/high", 0.052m));

    // gpt-image-1.5 (its snapshot and chatgpt-image-latest, the same prices): text $5 (cached $1.25), image input $8
    // (cached $2), image output $32, text output $10 a million tokens (pricing page; copied at
    // https://www.imagine.art/blogs/gpt-image-1-5-pricing, 2026-03-27); per image $0.009-$0.200 (copied at
    // https://www.llmreference.com/model/gpt-image-1.5/openai-api, refreshed 2026-05-10; read 2026-12-07).
    private static ImageModelPrice GptImage15() => Gpt(
        textIn: 5.00m, cachedTextIn: 1.25m, imageIn: 8.00m, cachedImageIn: 2.00m, imageOut: 32.00m, textOut: 10.00m,
        ("1024x1024/low", 0.009m), ("1024x1024/medium", 0.034m), ("1024x1024/high", 0.133m),
        ("1024x1536/low", 0.013m), ("1024x1536/medium", 0.050m), ("1024x1536/high", 0.200m),
        ("1536x1024/low", 0.013m), ("1536x1024/medium", 0.050m), ("1536x1024/high", 0.200m));

    // gpt-image-2 (and its snapshot): text $5 (cached $1.25), image input $8 (cached $2), image output $30, text output
    // $10 a million tokens; per image about $0.006/$0.053/$0.211 at 1024x1024 low/medium/high and $0.005/$0.041/$0.165
    // portrait or landscape (pricing page; copied at https://robotsatlas.com/ai-models/chatgpt-images-2-0, read
    // 2026-12-07); the pricing calculator's 7024 and 5488 output tokens at high (quoted at
    // https://community.openai.com/t/livestream-starting-now-chatgpt-images-2-0/1379464?page=2). Edits are billed at
    // high input fidelity whatever the request says; OpenAI documents no input-image token figures for gpt-image-2, so
    // gpt-image-1's bound applies. Other sizes (it takes any) are estimated in proportion to pixels.
    private static ImageModelPrice GptImage2()
    {
        ImageModelPrice price = Gpt(
            textIn: 5.00m, cachedTextIn: 1.25m, imageIn: 8.00m, cachedImageIn: 2.00m, imageOut: 30.00m, textOut: 10.00m,
            ("1024x1024/low", 0.006m), ("1024x1024/medium", 0.053m), ("1024x1024/high", 0.211m),
            ("1024x1536/low", 0.005m), ("1024x1536/medium", 0.041m), ("1024x1536/high", 0.165m),
            ("1536x1024/low", 0.005m), ("1536x1024/medium", 0.041m), ("1536x1024/high", 0.165m));
        price.OutputTokensPerImage.Clear();
        price.OutputTokensPerImage["1024x1024/high"] = 7024;
        price.OutputTokensPerImage["1536x1024/high"] = 5488;
        price.AlwaysHighFidelity = true;
        return price;
    }

    private static ImageModelPrice PerImage(params (string Key, decimal Price)[] prices)
    {
        var price = new ImageModelPrice { Currency = "USD" };
        foreach ((string key, decimal amount) in prices)
        {
            price.PerImage[key] = amount;
        }

        return price;
    }

    private static ImageModelPrice Gpt(decimal textIn, decimal cachedTextIn, decimal imageIn, decimal cachedImageIn, decimal imageOut, decimal? textOut, params (string Key, decimal Price)[] perImage)
    {
        ImageModelPrice price = PerImage(perImage);
        price.TextInputPerMillion = textIn;
        price.CachedTextInputPerMillion = cachedTextIn;
        price.ImageInputPerMillion = imageIn;
        price.CachedImageInputPerMillion = cachedImageIn;
        price.ImageOutputPerMillion = imageOut;
        price.TextOutputPerMillion = textOut;
        price.PartialImageOutputTokens = GptPartialImageTokens;
        price.InputImageTokens = GptInputImageTokens;
        price.HighFidelityInputImageTokens = GptHighFidelityExtraTokens;
        price.AlwaysHighFidelity = false;
        foreach ((string key, int tokens) in GptImage1OutputTokens)
        {
            price.OutputTokensPerImage[key] = tokens;
        }

        return price;
    }
}
