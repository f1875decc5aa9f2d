namespace OpenAIImages;

/// <summary>How an <see cref="ImageCost"/> was worked out.</summary>
public enum ImageCostBasis
{
    /// <summary>The cost is not known: the model has no price, or the answer said too little to price it.</summary>
    Unknown,

    /// <summary>From the tokens the service reported (<c>usage</c>) times the model's token prices.</summary>
    Usage,

    /// <summary>From the model's per-image prices, for the images returned, when the service reports no usage (DALL·E).</summary>
    PriceTable,
}
