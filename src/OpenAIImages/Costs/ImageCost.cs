using System.Globalization;

namespace OpenAIImages;

/// <summary>What a call cost, worked out from the answer: the tokens the service reported, or the model's per-image prices.</summary>
/// <remarks>
/// Prices come from the SDK's table of list prices, or from <see cref="ImagesClientOptions.Prices"/>; the service bills
/// what it bills, so treat this as the best reckoning the SDK can make, not as an invoice line.
/// </remarks>
public sealed class ImageCost
{
    /// <summary>Creates a cost; for tests and for results an application makes itself.</summary>
    /// <param name="amount">The amount, or null when unknown.</param>
    /// <param name="currency">The currency, for example <c>USD</c>.</param>
    /// <param name="basis">How the amount was worked out.</param>
    public ImageCost(decimal? amount, string currency, ImageCostBasis basis)
    {
        Amount = amount;
        Currency = currency ?? "USD";
        Basis = amount is null ? ImageCostBasis.Unknown : basis;
    }

    /// <summary>Gets the amount, or null when it is not known (never 0 for an unknown price).</summary>
    public decimal? Amount { get; }

    /// <summary>Gets the currency of <see cref="Amount"/>: <c>USD</c> for the built-in table.</summary>
    public string Currency { get; }

    /// <summary>Gets how the amount was worked out; <see cref="ImageCostBasis.Unknown"/> when <see cref="Amount"/> is null.</summary>
    public ImageCostBasis Basis { get; }

    /// <summary>Returns the amount and currency, for example <c>0.04224 USD (usage)</c>, or <c>unknown</c>.</summary>
    public override string ToString() => Amount is { } amount
        ? $"{amount.ToString("0.######", CultureInfo.InvariantCulture)} {Currency} ({(Basis == ImageCostBasis.Usage ? "usage" : "price table")})"
        : "unknown";
}
