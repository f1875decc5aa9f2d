namespace OpenAIImages.Costs;

/// <summary>
/// What one call is priced by: the model (on Azure, the deployment) and what of the request decides its cost. Nothing is
/// looked up or worked out until it is asked for: the estimate when a budget holds the call, the actual cost when
/// someone reads <see cref="ImageResult.Cost"/> (the cost counter, a budget settling, the caller), so a call that nobody
/// prices pays for no arithmetic.
/// </summary>
internal sealed class CallPricing(ClientPrices prices, ImagesAzureOptions? azure, string? model, CostRequest request)
{
    private CostBasis? _basis;
    private ImageCostEstimate? _estimate;

    /// <summary>Gets the model's prices and the size and quality sent, to price the answer with.</summary>
    public CostBasis Basis => _basis ??= Find();

    /// <summary>Gets the most the call can cost, worked out on first use.</summary>
    public ImageCostEstimate Estimate => _estimate ??= CostEstimator.Estimate(Basis.Model, Basis.Price, request);

    private CostBasis Find()
    {
        (string priced, ImageModelPrice? price) = prices.Find(model, azure);
        return new CostBasis(priced, price, request.Size, request.Quality);
    }
}
