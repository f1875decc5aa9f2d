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
internal static class CostEstimator
{
    /// <summary>Text tokens the service adds around a prompt, and more for each input image, beyond the prompt's own (an allowance from recorded answers: 6 on generations, up to about 45 an image on edits).</summary>
    public const int PromptAllowance = 64;

    public static ImageCostEstimate Estimate(string model, ImageModelPrice? price, CostRequest request)
    {
        var basis = new CostBasis(model, price, request.Size, request.Quality);
        var lines = new List<string>();
        if (price is null || !price.HasPrices)
        {
            lines.Add($"{model}: no price known; set one in ImagesClientOptions.Prices");
            return new ImageCostEstimate(model, null, price?.Currency ?? "USD", lines) { Basis = basis };
        }

        string currency = price.Currency ?? "USD";
        decimal? amount = price.ImageOutputPerMillion is null ? PerImageTotal(price, request, currency, lines) : TokenTotal(price, request, currency, lines);
        return new ImageCostEstimate(model, amount, currency, lines) { Basis = basis };
    }

    /// <summary>Formats an amount for messages: up to 6 decimals, then the currency.</summary>
    public static string Money(decimal amount, string currency) => amount.ToString("0.######", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>Finds a per-image price: by <c>{size}/{quality}</c>, else by <c>{size}</c>.</summary>
    public static decimal? PerImagePrice(ImageModelPrice price, string size, string? quality) =>
        quality is not null && price.PerImage.TryGetValue(size + "/" + quality, out decimal both) ? both
        : price.PerImage.TryGetValue(size, out decimal bySize) ? bySize : null;

    private static decimal? PerImageTotal(ImageModelPrice price, CostRequest request, string currency, List<string> lines)
    {
        string size = request.Size is null or "auto" ? "1024x1024" : request.Size;
        string quality = request.Quality is null or "auto" ? "standard" : request.Quality;
        if (PerImagePrice(price, size, quality) is not { } unit)
        {
            lines.Add($"no per-image price for {size} {quality}");
            return null;
        }

        lines.Add($"{Images(request.Images)} x {size} {quality}: {request.Images} x {Money(unit, currency)}");
        return request.Images * unit;
    }

    private static decimal? TokenTotal(ImageModelPrice price, CostRequest request, string currency, List<string> lines)
    {
        int n = request.Images;
        decimal? total = 0m;
        total += OutputTerm(price, request, currency, lines);
        if (request.Prompt is { } prompt)
        {
            int tokens = Encoding.UTF8.GetByteCount(prompt) + PromptAllowance * (1 + request.InputImages);
            total += Term(lines, price.TextInputPerMillion, n * tokens, currency,
                $"prompt: at most {tokens} text tokens (one a UTF-8 byte, plus {PromptAllowance} + {PromptAllowance} an input image the service adds) x {n} image(s)");
        }

        if (request.InputImages > 0)
        {
            bool high = request.HighFidelity || price.AlwaysHighFidelity == true;
            int? each = price.InputImageTokens is { } tokens ? tokens + (high ? price.HighFidelityInputImageTokens ?? 0 : 0) : null;
            if (each is null || (high && price.HighFidelityInputImageTokens is null))
            {
                lines.Add("input images: no token figure for an input image; set InputImageTokens in ImagesClientOptions.Prices");
                total = null;
            }
            else
            {
                total += Term(lines, price.ImageInputPerMillion, n * request.InputImages * each.Value, currency,
                    $"input images (files not read; at most {each} tokens each{(high ? ", high fidelity" : string.Empty)}): {request.InputImages} x {n} image(s)");
            }
        }

        if (request.PartialImages > 0)
        {
            total += price.PartialImageOutputTokens is { } partial
                ? Term(lines, price.ImageOutputPerMillion, n * request.PartialImages * partial, currency, $"partial images: {request.PartialImages} x {n} image(s) x {partial} output tokens")
                : Unknown(lines, "partial images: no token figure; set PartialImageOutputTokens in ImagesClientOptions.Prices");
        }

        if (price.TextOutputPerMillion is not null)
        {
            lines.Add("text output (reasoning) tokens cannot be bounded before the call and are not included");
        }

        return total;
    }

    // The output images: the dearest of the sizes and qualities the request may get.
    private static decimal? OutputTerm(ImageModelPrice price, CostRequest request, string currency, List<string> lines)
    {
        var sizes = new List<string>();
        var qualities = new List<string>();
        Keys(price, sizes, qualities);
        string[] trySizes = request.Size is null or "auto" ? sizes.ToArray() : [request.Size];
        string[] tryQualities = request.Quality is null or "auto" ? qualities.ToArray() : [request.Quality];
        decimal? best = null;
        string how = string.Empty;
        foreach (string size in trySizes)
        {
            foreach (string quality in tryQualities)
            {
                if (Unit(price, size, quality, currency) is { } unit && (best is null || unit.Amount > best))
                {
                    best = unit.Amount;
                    how = $"{size} {quality}: {request.Images} x {Money(unit.Amount, currency)} ({unit.How})";
                }
            }
        }

        if (best is null)
        {
            return Unknown(lines, $"output: no price for {request.Size ?? "auto"} {request.Quality ?? "auto"}");
        }

        string chosen = request.Size is null or "auto" || request.Quality is null or "auto" ? " (the dearest the model may pick)" : string.Empty;
        lines.Add($"{Images(request.Images)} x {how}{chosen}");
        return request.Images * best.Value;
    }

    // One output image of a size and quality: the larger of its tokens priced and its per-image price; for a size the
    // table lacks, in proportion to its pixels at the dearest rate per pixel of that quality.
    private static (decimal Amount, string How)? Unit(ImageModelPrice price, string size, string quality, string currency)
    {
        (decimal Amount, string How)? listed = Listed(price, size, quality, currency);
        if (listed is not null || !TryPixels(size, out long pixels))
        {
            return listed;
        }

        decimal? rate = null;
        string from = string.Empty;
        foreach (string key in AllKeys(price))
        {
            int slash = key.IndexOf('/');
            string keySize = slash < 0 ? key : key.Substring(0, slash);
            if ((slash < 0 || string.Equals(key.Substring(slash + 1), quality, StringComparison.OrdinalIgnoreCase))
                && TryPixels(keySize, out long keyPixels) && Listed(price, keySize, quality, currency) is { } known
                && (rate is null || known.Amount / keyPixels > rate))
            {
                rate = known.Amount / keyPixels;
                from = keySize;
            }
        }

        return rate is null ? null : (Math.Round(rate.Value * pixels, 6, MidpointRounding.AwayFromZero), $"in proportion to pixels from {from} {quality}");
    }

    private static (decimal Amount, string How)? Listed(ImageModelPrice price, string size, string quality, string currency)
    {
        decimal? perImage = PerImagePrice(price, size, quality);
        decimal? byTokens = price.OutputTokensPerImage.TryGetValue(size + "/" + quality, out int tokens) && price.ImageOutputPerMillion is { } perMillion
            ? tokens * perMillion / 1_000_000m
            : null;
        if (byTokens is { } fromTokens && (perImage is null || fromTokens >= perImage))
        {
            return (fromTokens, $"{tokens} output tokens x {Money(price.ImageOutputPerMillion!.Value, currency)}/1M");
        }

        return perImage is { } amount ? (amount, "per-image price") : null;
    }

    private static decimal? Term(List<string> lines, decimal? perMillion, long tokens, string currency, string what)
    {
        if (perMillion is not { } rate)
        {
            return Unknown(lines, $"{what}: no token price");
        }

        decimal amount = tokens * rate / 1_000_000m;
        lines.Add($"{what} = {tokens} tokens x {Money(rate, currency)}/1M: {Money(amount, currency)}");
        return amount;
    }

    private static decimal? Unknown(List<string> lines, string line)
    {
        lines.Add(line);
        return null;
    }

    private static string Images(int n) => n == 1 ? "1 image" : $"{n} images";

    private static void Keys(ImageModelPrice price, List<string> sizes, List<string> qualities)
    {
        foreach (string key in AllKeys(price))
        {
            int slash = key.IndexOf('/');
            Add(sizes, slash < 0 ? key : key.Substring(0, slash));
            if (slash >= 0)
            {
                Add(qualities, key.Substring(slash + 1));
            }
        }

        static void Add(List<string> list, string value)
        {
            if (!list.Exists(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(value);
            }
        }
    }

    private static IEnumerable<string> AllKeys(ImageModelPrice price)
    {
        foreach (string key in price.PerImage.Keys)
        {
            yield return key;
        }

        foreach (string key in price.OutputTokensPerImage.Keys)
        {
            yield return key;
        }
    }

    private static bool TryPixels(string size, out long pixels)
    {
        pixels = 0;
        int x = size.IndexOf('x');
        if (x > 0 && int.TryParse(size.Substring(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            && int.TryParse(size.Substring(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int height) && width > 0 && height > 0)
        {
            pixels = (long)width * height;
        }

        return pixels > 0;
    }
}
