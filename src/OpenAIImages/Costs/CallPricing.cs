namespace OpenAIImages.Costs;

/// <summary>
/// What one call is priced by: the model's prices and what of the request decides its cost. The answer's actual cost
/// is priced from <see cref="Basis"/>; the estimate is worked out only when first asked for (a budget asks before
/// sending; a call without one never does, so it pays for no arithmetic it does not use).
/// </summary>
internal sealed class CallPricing
{
    private readonly CostRequest _request;
    private ImageCostEstimate? _estimate;

    public CallPricing(string model, ImageModelPrice? price, CostRequest request)
    {
        _request = request;
        Basis = new CostBasis(model, price, request.Size, request.Quality);
    }

    /// <summary>Gets the model's prices and the size and quality sent, to price the answer with.</summary>
    public CostBasis Basis { get; }

    /// <summary>Gets the most the call can cost, worked out on first use.</summary>
    public ImageCostEstimate Estimate => _estimate ??= CostEstimator.Estimate(Basis.Model, Basis.Price, _request);
}
