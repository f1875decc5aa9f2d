namespace OpenAIImages.Costs;

/// <summary>
/// Works out what an answer cost: from its usage (tokens by kind times the model's token prices; all input priced as
/// text when the service does not split it) when the service reports usage, else from the per-image prices of the size
/// and quality the service reported (or that were sent). Unknown when the model has no price for what happened.
/// </summary>
internal static class CostCalculator
{
    /// <summary>Prices an answer; null when the call has nothing to price it by (not a generation, edit or variation).</summary>
    public static ImageCost? Actual(CallPricing? pricing, ImageUsage? usage, int images, ImageSize? size, ImageQuality? quality) =>
        pricing is null ? null : Actual(pricing.Basis, usage, images, size?.Value, quality?.Value);

    public static ImageCost Actual(CostBasis basis, ImageUsage? usage, int images, string? reportedSize, string? reportedQuality)
    {
        ImageModelPrice? price = basis.Price;
        string currency = price?.Currency ?? "USD";
        if (price is null)
        {
            return new ImageCost(null, currency, ImageCostBasis.Unknown);
        }

        if (usage is not null)
        {
            return new ImageCost(FromUsage(price, usage), currency, ImageCostBasis.Usage);
        }

        string size = Known(reportedSize) ?? Known(basis.Size) ?? "1024x1024";
        string quality = Known(reportedQuality) ?? Known(basis.Quality) ?? "standard";
        decimal? each = CostEstimator.PerImagePrice(price, size, quality);
        return new ImageCost(images * each, currency, ImageCostBasis.PriceTable);
    }

    private static decimal? FromUsage(ImageModelPrice price, ImageUsage usage)
    {
        decimal? input = usage.InputTokensDetails is { } inDetails
            ? Tokens(inDetails.TextTokens, price.TextInputPerMillion) + Tokens(inDetails.ImageTokens, price.ImageInputPerMillion)
            : Tokens(usage.InputTokens, price.TextInputPerMillion);
        decimal? output = usage.OutputTokensDetails is { } outDetails
            ? Tokens(outDetails.ImageTokens, price.ImageOutputPerMillion) + Tokens(outDetails.TextTokens, price.TextOutputPerMillion)
            : Tokens(usage.OutputTokens, price.ImageOutputPerMillion);
        return input + output;
    }

    // No tokens cost nothing whatever the price; tokens without a price make the cost unknown.
    private static decimal? Tokens(int tokens, decimal? perMillion) =>
        tokens == 0 ? 0m : perMillion is { } rate ? tokens * rate / 1_000_000m : null;

    private static string? Known(string? value) => value is null or "auto" ? null : value;
}
