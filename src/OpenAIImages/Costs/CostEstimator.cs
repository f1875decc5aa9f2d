using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OpenAIImages.Costs;

/// <summary>
/// Works out the most a request can cost from a model's prices, with one line per term. DALL·E: images times the
/// per-image price. GPT image models, per image asked for (the service bills a request's input once per image): the
/// output image (the larger of its documented output tokens priced and its per-image price; for <c>auto</c> size or
/// quality, the dearest the table lists; for a size the table lacks, in proportion to pixels at the dearest rate per
/// pixel), the prompt (at most one token per UTF-8 byte, plus an allowance for what the service adds), the input images
/// of an edit (at most the documented tokens of one image each), and the partial images of a stream.
/// </summary>
/// <remarks>
/// The amount is worked out without writing a line of text (a budget estimates every call it holds); the breakdown is
/// worked out again, with its lines, only when someone reads <see cref="ImageCostEstimate.Breakdown"/>.
/// </remarks>
internal static class CostEstimator
{
    /// <summary>Text tokens the service adds around a prompt, and more for each input image, beyond the prompt's own (an allowance from recorded answers: 6 on generations, up to about 45 an image on edits).</summary>
    public const int PromptAllowance = 64;

    public static ImageCostEstimate Estimate(string model, ImageModelPrice? price, CostRequest request)
    {
        string currency = price?.Currency ?? "USD";
        decimal? amount = Amount(model, price, request, null);
        return new ImageCostEstimate(model, amount, currency, () =>
        {
            var lines = new List<string>();
            Amount(model, price, request, lines);
            return lines;
        });
    }

    /// <summary>Formats an amount for messages: up to 6 decimals, then the currency.</summary>
    public static string Money(decimal amount, string currency) => amount.ToString("0.######", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>Finds a per-image price: by <c>{size}/{quality}</c>, else by <c>{size}</c>.</summary>
    public static decimal? PerImagePrice(ImageModelPrice price, string size, string? quality) => price.Index.PerImage(size, quality);

    // The amount; with lines, also how it was worked out, one line per term.
    private static decimal? Amount(string model, ImageModelPrice? price, CostRequest request, List<string>? lines)
    {
        if (price is null || !price.HasPrices)
        {
            lines?.Add($"{model}: no price known; set one in ImagesClientOptions.Prices");
            return null;
        }

        string currency = price.Currency ?? "USD";
        return price.ImageOutputPerMillion is null ? PerImageTotal(price, request, currency, lines) : TokenTotal(price, request, currency, lines);
    }

    private static decimal? PerImageTotal(ImageModelPrice price, CostRequest request, string currency, List<string>? lines)
    {
        string size = request.Size is null or "auto" ? "1024x1024" : request.Size;
        string quality = request.Quality is null or "auto" ? "standard" : request.Quality;
        if (PerImagePrice(price, size, quality) is not { } unit)
        {
            lines?.Add($"no per-image price for {size} {quality}");
            return null;
        }

        lines?.Add($"{Images(request.Images)} x {size} {quality}: {request.Images} x {Money(unit, currency)}");
        return request.Images * unit;
    }

    private static decimal? TokenTotal(ImageModelPrice price, CostRequest request, string currency, List<string>? lines)
    {
        int n = request.Images;
        decimal? total = OutputTerm(price, request, currency, lines);
        if (request.Prompt is { } prompt)
        {
            int tokens = Encoding.UTF8.GetByteCount(prompt) + PromptAllowance * (1 + request.InputImages);
            total += Term(lines, price.TextInputPerMillion, (long)n * tokens, currency, lines is null ? null
                : $"prompt: at most {tokens} text tokens (one a UTF-8 byte, plus {PromptAllowance} + {PromptAllowance} an input image the service adds) x {n} image(s)");
        }

        if (request.InputImages > 0)
        {
            bool high = request.HighFidelity || price.AlwaysHighFidelity == true;
            if (price.InputImageTokens is not { } tokens || (high && price.HighFidelityInputImageTokens is null))
            {
                total = Unknown(lines, "input images: no token figure for an input image; set InputImageTokens in ImagesClientOptions.Prices");
            }
            else
            {
                int each = tokens + (high ? price.HighFidelityInputImageTokens!.Value : 0);
                total += Term(lines, price.ImageInputPerMillion, (long)n * request.InputImages * each, currency, lines is null ? null
                    : $"input images (files not read; at most {each} tokens each{(high ? ", high fidelity" : string.Empty)}): {request.InputImages} x {n} image(s)");
            }
        }

        if (request.PartialImages > 0)
        {
            total += price.PartialImageOutputTokens is { } partial
                ? Term(lines, price.ImageOutputPerMillion, (long)n * request.PartialImages * partial, currency, lines is null ? null
                    : $"partial images: {request.PartialImages} x {n} image(s) x {partial} output tokens")
                : Unknown(lines, "partial images: no token figure; set PartialImageOutputTokens in ImagesClientOptions.Prices");
        }

        if (price.TextOutputPerMillion is not null)
        {
            lines?.Add("text output (reasoning) tokens cannot be bounded before the call and are not included");
        }

        return total;
    }

    // The output images: the dearest of the sizes and qualities the request may get.
    private static decimal? OutputTerm(ImageModelPrice price, CostRequest request, string currency, List<string>? lines)
    {
        bool anySize = request.Size is null or "auto";
        bool anyQuality = request.Quality is null or "auto";
        PriceIndex index = price.Index;
        int sizes = anySize ? index.Sizes.Count : 1;
        int qualities = anyQuality ? index.Qualities.Count : 1;
        decimal? best = null;
        string? bestSize = null;
        string? bestQuality = null;
        for (int i = 0; i < sizes; i++)
        {
            string size = anySize ? index.Sizes[i] : request.Size!;
            for (int j = 0; j < qualities; j++)
            {
                string quality = anyQuality ? index.Qualities[j] : request.Quality!;
                if (Unit(price, size, quality, currency, null) is { } unit && (best is null || unit > best))
                {
                    (best, bestSize, bestQuality) = (unit, size, quality);
                }
            }
        }

        if (best is not { } amount)
        {
            return Unknown(lines, $"output: no price for {request.Size ?? "auto"} {request.Quality ?? "auto"}");
        }

        if (lines is not null)
        {
            var how = new List<string>(1);
            Unit(price, bestSize!, bestQuality!, currency, how);
            string chosen = anySize || anyQuality ? " (the dearest the model may pick)" : string.Empty;
            lines.Add($"{Images(request.Images)} x {bestSize} {bestQuality}: {request.Images} x {Money(amount, currency)} ({how[0]}){chosen}");
        }

        return request.Images * amount;
    }

    // One output image of a size and quality: the larger of its tokens priced and its per-image price; for a size the
    // table lacks, in proportion to its pixels at the dearest rate per pixel of that quality.
    private static decimal? Unit(ImageModelPrice price, string size, string quality, string currency, List<string>? how)
    {
        if (Listed(price, size, quality, currency, how) is { } listed)
        {
            return listed;
        }

        if (!PriceIndex.TryPixels(size, out long pixels))
        {
            return null;
        }

        decimal? rate = null;
        string? from = null;
        foreach ((string keySize, string keyQuality, long keyPixels) in price.Index.Priced)
        {
            if ((keyQuality.Length == 0 || string.Equals(keyQuality, quality, StringComparison.OrdinalIgnoreCase))
                && Listed(price, keySize, quality, currency, null) is { } known
                && (rate is null || known / keyPixels > rate))
            {
                rate = known / keyPixels;
                from = keySize;
            }
        }

        how?.Add($"in proportion to pixels from {from} {quality}");
        return rate is null ? null : Math.Round(rate.Value * pixels, 6, MidpointRounding.AwayFromZero);
    }

    private static decimal? Listed(ImageModelPrice price, string size, string quality, string currency, List<string>? how)
    {
        decimal? perImage = PerImagePrice(price, size, quality);
        int tokens = price.Index.Tokens(size, quality) ?? 0;
        decimal? byTokens = tokens > 0 && price.ImageOutputPerMillion is { } perMillion ? tokens * perMillion / 1_000_000m : null;
        if (byTokens is { } fromTokens && (perImage is null || fromTokens >= perImage))
        {
            how?.Add($"{tokens} output tokens x {Money(price.ImageOutputPerMillion!.Value, currency)}/1M");
            return fromTokens;
        }

        if (perImage is not null)
        {
            how?.Add("per-image price");
        }

        return perImage;
    }

    private static decimal? Term(List<string>? lines, decimal? perMillion, long tokens, string currency, string? what)
    {
        if (perMillion is not { } rate)
        {
            return Unknown(lines, $"{what}: no token price");
        }

        decimal amount = tokens * rate / 1_000_000m;
        lines?.Add($"{what} = {tokens} tokens x {Money(rate, currency)}/1M: {Money(amount, currency)}");
        return amount;
    }

    private static decimal? Unknown(List<string>? lines, string line)
    {
        lines?.Add(line);
        return null;
    }

    private static string Images(int n) => n == 1 ? "1 image" : $"{n} images";
}
