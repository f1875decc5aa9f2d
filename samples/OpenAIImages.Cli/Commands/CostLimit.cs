using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using OpenAIImages.Cli.Parsing;

namespace OpenAIImages.Cli.Commands;

/// <summary>
/// --max-cost: the SDK's estimate of the most a request can cost (<see cref="ImagesClient.EstimateCost(ImageGenerationOptions)"/>),
/// checked before anything is sent. Over the limit, or unknown (a model the SDK has no price for), is a usage error: a
/// limit that cannot be checked is not kept by sending anyway.
/// </summary>
internal static class CostLimit
{
    /// <summary>The currency of --max-cost: the SDK's built-in prices are in USD.</summary>
    public const string Currency = "USD";

    /// <summary>Refuses <paramref name="estimate"/> when --max-cost is given and the estimate is over it or unknown; returns whether the flag was given.</summary>
    /// <exception cref="UsageException">The estimate is over the limit, unknown, or in another currency.</exception>
    public static bool Check(CommandInput input, ImageCostEstimate estimate) =>
        Check(input, estimate.Amount, estimate.Currency, $"the estimated cost ({estimate.Model}: {string.Join("; ", estimate.Breakdown)})");

    /// <summary>Refuses a total when --max-cost is given and the total is over it or unknown; returns whether the flag was given.</summary>
    /// <exception cref="UsageException">The total is over the limit, unknown, or in another currency.</exception>
    public static bool Check(CommandInput input, decimal? amount, string currency, string what)
    {
        if (input.Get(input.Symbols.MaxCost) is not { } limit)
        {
            return false;
        }

        string flag = $"{input.Symbols.MaxCost.Name} {Text(limit, Currency)}";
        if (amount is not { } most)
        {
            throw new UsageException($"{what} is unknown: the SDK has no price for it, so {flag} cannot be kept; nothing was sent");
        }

        if (!string.Equals(currency, Currency, StringComparison.Ordinal))
        {
            throw new UsageException($"{what} is in {currency}, {flag} in {Currency}; nothing was sent");
        }

        if (most > limit)
        {
            throw new UsageException($"{what} is at most {Text(most, currency)}, over {flag}; nothing was sent");
        }

        return true;
    }

    /// <summary>
    /// Prints the estimated total of a batch's prompts first (the prompts the SDK would refuse cost nothing: they are never
    /// sent), at the Batch API's half prices with --batch-api, and refuses the whole batch up front when it is over
    /// --max-cost or unknown.
    /// </summary>
    /// <exception cref="UsageException">--max-cost is given and the total is over it or unknown.</exception>
    public static void CheckBatch(CommandInput input, ImagesClient client, IReadOnlyList<ImageGenerationOptions> requests, bool batchApi, System.IO.TextWriter progress)
    {
        decimal? total = 0m;
        string currency = Currency;
        var unpriced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ImageGenerationOptions request in requests)
        {
            ImageCostEstimate estimate;
            try
            {
                estimate = client.EstimateCost(request);
            }
            catch (ImageValidationException)
            {
                continue;
            }

            currency = estimate.Currency;
            total += estimate.Amount;
            if (estimate.Amount is null)
            {
                unpriced.Add(estimate.Model);
            }
        }

        // The Batch API bills half the standard prices (OpenAI's pricing page, "Batch API").
        total = batchApi ? total * 0.5m : total;
        string prices = batchApi ? " at the Batch API's half prices" : string.Empty;
        string prompts = requests.Count.ToString(CultureInfo.InvariantCulture);
        progress.WriteLine(total is { } most
            ? $"Estimated cost: at most {Text(most, currency)} for {prompts} prompt(s){prices}."
            : $"Estimated cost: unknown for {prompts} prompt(s) (no price for {string.Join(", ", unpriced)}).");
        Check(input, total, currency, $"the estimated cost of the {prompts} prompt(s){prices}");
    }

    /// <summary>An amount and its currency, as the tool prints them: up to 6 decimals, invariant.</summary>
    public static string Text(decimal amount, string currency) => amount.ToString("0.######", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>What a call cost, for the line printed when it ends: the amount and how it was worked out, or unknown.</summary>
    public static string Describe(ImageCost? cost) => cost?.Amount is { } amount
        ? $"Cost: {Text(amount, cost.Currency)} ({(cost.Basis == ImageCostBasis.Usage ? "from the usage the service reported" : "from the price table")})."
        : "Cost: unknown (the SDK has no price for what the service reported).";

    /// <summary>Sums the costs of a batch's results as they come, from several workers at once.</summary>
    public sealed class Total
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, decimal> _byCurrency = new(StringComparer.Ordinal);
        private int _priced;
        private int _unknown;

        public void Add(decimal? amount, string? currency)
        {
            lock (_gate)
            {
                if (amount is { } known && currency is not null)
                {
                    _byCurrency[currency] = (_byCurrency.TryGetValue(currency, out decimal sum) ? sum : 0m) + known;
                    _priced++;
                }
                else
                {
                    _unknown++;
                }
            }
        }

        /// <summary>The line printed at the end: the sum of each currency, and how many results could not be priced.</summary>
        public string Summary(string prices)
        {
            lock (_gate)
            {
                var sums = new List<string>();
                foreach (KeyValuePair<string, decimal> sum in _byCurrency)
                {
                    sums.Add(Text(sum.Value, sum.Key));
                }

                string total = sums.Count == 0 ? "0 " + Currency : string.Join(" + ", sums);
                string unknown = _unknown == 0 ? string.Empty : $"; {_unknown.ToString(CultureInfo.InvariantCulture)} more whose cost is unknown";
                return $"Cost: {total} for {_priced.ToString(CultureInfo.InvariantCulture)} result(s){prices}{unknown}.";
            }
        }
    }
}
