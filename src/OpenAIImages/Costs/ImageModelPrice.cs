using System;
using System.Collections.Generic;

namespace OpenAIImages;

/// <summary>
/// What one model costs, for the SDK's cost estimates and actual costs: per-image prices (DALL·E), token prices per
/// million tokens (GPT image models) and the token counts an estimate assumes. Set in code
/// (<see cref="ImagesClientOptions.Prices"/>) or in configuration (<c>OpenAIImages:Prices:{model}:ImageOutputPerMillion</c>, ...).
/// </summary>
/// <remarks>
/// An entry changes only what it sets: the rest comes from the SDK's table for the same model id (or, with
/// <see cref="BasedOn"/>, another model's). Prices change and differ by service: Azure OpenAI bills by its own price
/// list, so an Azure client should set its prices here, keyed by deployment name (the model id an Azure request names).
/// </remarks>
public sealed class ImageModelPrice
{
    private Costs.PriceIndex? _index;

    /// <summary>Gets or sets a model in the SDK's table whose prices this entry starts from; null starts from the table's entry for this id, or from nothing.</summary>
    public string? BasedOn { get; set; }

    /// <summary>Gets or sets the currency of every price here; null keeps the base's (<c>USD</c> for the built-in table).</summary>
    public string? Currency { get; set; }

    /// <summary>
    /// Gets the price of one output image, keyed <c>{size}/{quality}</c> (for example <c>1024x1024/hd</c>) or <c>{size}</c>
    /// when quality does not change it (case-insensitive). For DALL·E this is the price; for GPT image models it is an
    /// output price an estimate may use (the larger of it and <see cref="OutputTokensPerImage"/> priced applies).
    /// </summary>
    public IDictionary<string, decimal> PerImage { get; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the price of one million text input tokens (the prompt).</summary>
    public decimal? TextInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of one million cached text input tokens.</summary>
    public decimal? CachedTextInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of one million image input tokens (the images of an edit).</summary>
    public decimal? ImageInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of one million cached image input tokens.</summary>
    public decimal? CachedImageInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of one million image output tokens.</summary>
    public decimal? ImageOutputPerMillion { get; set; }

    /// <summary>Gets or sets the price of one million text output tokens (a model that reasons in text before drawing).</summary>
    public decimal? TextOutputPerMillion { get; set; }

    /// <summary>Gets the image output tokens of one image, keyed <c>{size}/{quality}</c> (for example <c>1024x1024/high</c>), for estimates.</summary>
    public IDictionary<string, int> OutputTokensPerImage { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the extra image output tokens of each partial image of a stream, for estimates.</summary>
    public int? PartialImageOutputTokens { get; set; }

    /// <summary>Gets or sets the most image input tokens one input image of an edit can cost, for estimates (the files are not read to estimate).</summary>
    public int? InputImageTokens { get; set; }

    /// <summary>Gets or sets the most extra image input tokens one input image costs with <c>input_fidelity=high</c>, for estimates.</summary>
    public int? HighFidelityInputImageTokens { get; set; }

    /// <summary>Gets or sets whether every edit is billed at high input fidelity whatever the request says (gpt-image-2), for estimates.</summary>
    public bool? AlwaysHighFidelity { get; set; }

    /// <summary>Gets the per-image prices and output tokens by size and quality, read once: only for entries nobody changes any more (the table's, or a client's copy).</summary>
    internal Costs.PriceIndex Index => _index ?? System.Threading.Interlocked.CompareExchange(ref _index, new Costs.PriceIndex(this), null) ?? _index!;

    /// <summary>Gets whether the entry names any price at all.</summary>
    internal bool HasPrices =>
        PerImage.Count > 0 || TextInputPerMillion is not null || ImageInputPerMillion is not null || ImageOutputPerMillion is not null || TextOutputPerMillion is not null;

    /// <summary>Copies the entry, so later changes to the caller's object change nothing.</summary>
    internal ImageModelPrice Snapshot() => Over(new ImageModelPrice { BasedOn = BasedOn });

    /// <summary>This entry's settings laid over a copy of <paramref name="basis"/>: what this one sets wins.</summary>
    internal ImageModelPrice Over(ImageModelPrice basis)
    {
        var merged = new ImageModelPrice
        {
            BasedOn = basis.BasedOn,
            Currency = Currency ?? basis.Currency,
            TextInputPerMillion = TextInputPerMillion ?? basis.TextInputPerMillion,
            CachedTextInputPerMillion = CachedTextInputPerMillion ?? basis.CachedTextInputPerMillion,
            ImageInputPerMillion = ImageInputPerMillion ?? basis.ImageInputPerMillion,
            CachedImageInputPerMillion = CachedImageInputPerMillion ?? basis.CachedImageInputPerMillion,
            ImageOutputPerMillion = ImageOutputPerMillion ?? basis.ImageOutputPerMillion,
            TextOutputPerMillion = TextOutputPerMillion ?? basis.TextOutputPerMillion,
            PartialImageOutputTokens = PartialImageOutputTokens ?? basis.PartialImageOutputTokens,
            InputImageTokens = InputImageTokens ?? basis.InputImageTokens,
            HighFidelityInputImageTokens = HighFidelityInputImageTokens ?? basis.HighFidelityInputImageTokens,
            AlwaysHighFidelity = AlwaysHighFidelity ?? basis.AlwaysHighFidelity,
        };

        CopyInto(basis.PerImage, merged.PerImage);
        CopyInto(PerImage, merged.PerImage);
        CopyInto(basis.OutputTokensPerImage, merged.OutputTokensPerImage);
        CopyInto(OutputTokensPerImage, merged.OutputTokensPerImage);
        return merged;
    }

    private static void CopyInto<T>(IDictionary<string, T> from, IDictionary<string, T> to)
    {
        foreach (KeyValuePair<string, T> entry in from)
        {
            to[entry.Key] = entry.Value;
        }
    }
}
