using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace OpenAIImages;

/// <summary>
/// The most a generation, edit or variation can cost, worked out before it is sent from its options and the model's
/// prices (<see cref="ImagesClient.EstimateCost(ImageGenerationOptions)"/>), with how it was worked out.
/// </summary>
/// <remarks>
/// An upper bound: for GPT image models the service bills the tokens it uses, which are usually fewer (a shorter prompt,
/// smaller input images). A model with no known price gives an unknown estimate (<see cref="Amount"/> null), never 0.
/// </remarks>
public sealed class ImageCostEstimate
{
    private readonly Func<IReadOnlyList<string>>? _write;
    private IReadOnlyList<string>? _breakdown;

    /// <summary>Creates an estimate; for tests and for applications that price their own models.</summary>
    /// <param name="model">The model priced.</param>
    /// <param name="amount">The most the call can cost, or null when it is not known.</param>
    /// <param name="currency">The currency, for example <c>USD</c>.</param>
    /// <param name="breakdown">How the amount was worked out, one line per term.</param>
    public ImageCostEstimate(string model, decimal? amount, string currency, IReadOnlyList<string>? breakdown)
        : this(model, amount, currency, (Func<IReadOnlyList<string>>?)null)
    {
        _breakdown = breakdown ?? [];
    }

    /// <summary>Creates an estimate whose breakdown is written the first time it is read (a budget estimates every call it holds; few estimates are explained).</summary>
    internal ImageCostEstimate(string model, decimal? amount, string currency, Func<IReadOnlyList<string>>? breakdown)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Amount = amount;
        Currency = currency ?? "USD";
        _write = breakdown;
    }

    /// <summary>Gets the most the call can cost, or null when the model's price is not known (never 0 for an unknown price).</summary>
    public decimal? Amount { get; }

    /// <summary>Gets the currency of <see cref="Amount"/>: <c>USD</c> for the built-in table.</summary>
    public string Currency { get; }

    /// <summary>Gets whether the amount is known.</summary>
    public bool IsKnown => Amount is not null;

    /// <summary>Gets the model priced: the model sent, or on Azure the deployment (or the model behind it when only that has a price).</summary>
    public string Model { get; }

    /// <summary>Gets how the amount was worked out, one line per term, for example <c>2 images x 1024x1024 high: 2 x 0.16640 USD</c>.</summary>
    public IReadOnlyList<string> Breakdown => _breakdown ?? Interlocked.CompareExchange(ref _breakdown, _write?.Invoke() ?? [], null) ?? _breakdown!;

    /// <summary>Returns the amount, or <c>unknown</c>, with the model, for example <c>at most 0.3328 USD (gpt-image-1)</c>.</summary>
    public override string ToString() => Amount is { } amount
        ? $"at most {amount.ToString("0.######", CultureInfo.InvariantCulture)} {Currency} ({Model})"
        : $"unknown ({Model}: no price)";
}
