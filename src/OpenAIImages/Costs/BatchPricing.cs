using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using OpenAIImages.Batches;

namespace OpenAIImages.Costs;

/// <summary>
/// Prices the lines of the batches a batch client submitted: a batch's output names no model, so the model (and, for
/// DALL·E, the size and quality) is remembered at submission, by batch id, when every line shares it. The Batch API
/// bills half the standard prices (<see cref="BatchFactor"/>).
/// </summary>
/// <remarks>
/// Kept in memory only: the lines of a batch submitted by another client or process, or mixing models, have no cost
/// (<see cref="ImagesBatchLineResult.Cost"/> null).
/// </remarks>
internal sealed class BatchPricing(ClientPrices prices, ImagesAzureOptions? azure)
{
    /// <summary>What the Batch API bills of the standard prices: half, on every kind of token (OpenAI's pricing page, "Batch API"; copied at https://www.imagine.art/blogs/gpt-image-1-5-pricing, 2026-03-27, read 2026-12-07).</summary>
    public const decimal BatchFactor = 0.5m;

    private readonly ConcurrentDictionary<string, CostBasis> _byBatch = new(StringComparer.Ordinal);

    /// <summary>Remembers what the lines of <paramref name="batch"/> are priced by, when they share a model; returns the batch.</summary>
    public ImagesBatch Remember(ImagesBatch batch, BatchLineTally lines)
    {
        if (lines.SharesModel)
        {
            (string priced, ImageModelPrice? price) = prices.Find(lines.Model, azure);
            _byBatch[batch.Id] = new CostBasis(priced, price, lines.Size, lines.Quality);
        }

        return batch;
    }

    /// <summary>Gets what the lines of a batch are priced by, or null when it is not known.</summary>
    public CostBasis? For(string batchId) => _byBatch.TryGetValue(batchId, out CostBasis? basis) ? basis : null;

    /// <summary>Prices one line's answer at the Batch API's prices; null when the batch's lines cannot be priced.</summary>
    public static ImageCost? Price(CostBasis? basis, ImageResult result)
    {
        if (basis is null)
        {
            return null;
        }

        ImageCost standard = CostCalculator.Actual(basis, result.Usage, result.Images.Count, result.Size?.Value, result.Quality?.Value);
        return new ImageCost(standard.Amount * BatchFactor, standard.Currency, standard.Basis);
    }
}
