using System;
using System.Collections.Generic;

namespace OpenAIImages.Costs;

/// <summary>The price table as one client sees it: <see cref="PriceTable"/>, with <see cref="ImagesClientOptions.Prices"/> laid over it.</summary>
internal sealed class ClientPrices
{
    private readonly Dictionary<string, ImageModelPrice> _changed = new(StringComparer.OrdinalIgnoreCase);

    public ClientPrices(IDictionary<string, ImageModelPrice>? prices)
    {
        if (prices is null)
        {
            return;
        }

        foreach (KeyValuePair<string, ImageModelPrice> price in prices)
        {
            if (price.Value is not null)
            {
                _changed[price.Key] = Apply(price.Key, price.Value);
            }
        }
    }

    /// <summary>Finds the prices of <paramref name="model"/>: the client's entry, else the table's; null when neither has one.</summary>
    public ImageModelPrice? Get(string? model) =>
        model is null ? null : _changed.TryGetValue(model, out ImageModelPrice? changed) ? changed : PriceTable.Get(model);

    /// <summary>
    /// Finds the model to price a call by, and its prices: the model sent; on Azure, where that is a deployment name (or
    /// nothing, the client's deployment), the deployment's own entry, else the model behind it (<see cref="ImagesAzureOptions.Model"/>).
    /// </summary>
    public (string Model, ImageModelPrice? Price) Find(string? sentModel, ImagesAzureOptions? azure)
    {
        if (azure is null)
        {
            return (sentModel ?? "(the server's default model)", Get(sentModel));
        }

        string? deployment = sentModel ?? azure.Deployment;
        if (deployment is not null && _changed.TryGetValue(deployment, out ImageModelPrice? own))
        {
            return (deployment, own);
        }

        string? behind = azure.Model?.Value;
        return behind is not null ? (behind, Get(behind)) : (deployment ?? "(the deployment's model)", Get(deployment));
    }

    private static ImageModelPrice Apply(string id, ImageModelPrice price)
    {
        ImageModelPrice? basis = price.BasedOn is { Length: > 0 } basedOn ? PriceTable.Get(basedOn) : PriceTable.Get(id);
        return basis is null ? price.Snapshot() : price.Over(basis);
    }

    /// <summary>Adds what is wrong with <paramref name="prices"/> to <paramref name="problems"/>, for <see cref="ImagesClientOptions.Validate"/>.</summary>
    public static void Check(IDictionary<string, ImageModelPrice> prices, List<string> problems)
    {
        foreach (KeyValuePair<string, ImageModelPrice> entry in prices)
        {
            ImageModelPrice? price = entry.Value;
            if (price is null)
            {
                problems.Add($"ImagesClientOptions.Prices[{entry.Key}] must be set.");
            }
            else if (price.BasedOn is { Length: > 0 } basedOn && PriceTable.Get(basedOn) is null)
            {
                problems.Add($"ImagesClientOptions.Prices[{entry.Key}].BasedOn names '{basedOn}', which the price table does not know; priced models: {string.Join(", ", PriceTable.KnownModels)}.");
            }
            else if (HasNegative(price))
            {
                problems.Add($"ImagesClientOptions.Prices[{entry.Key}] must not have a negative price or token count.");
            }
        }
    }

    private static bool HasNegative(ImageModelPrice price)
    {
        foreach (decimal value in price.PerImage.Values)
        {
            if (value < 0)
            {
                return true;
            }
        }

        foreach (int value in price.OutputTokensPerImage.Values)
        {
            if (value < 0)
            {
                return true;
            }
        }

        return price.TextInputPerMillion < 0 || price.CachedTextInputPerMillion < 0 || price.ImageInputPerMillion < 0
            || price.CachedImageInputPerMillion < 0 || price.ImageOutputPerMillion < 0 || price.TextOutputPerMillion < 0
            || price.PartialImageOutputTokens < 0 || price.InputImageTokens < 0 || price.HighFidelityInputImageTokens < 0;
    }
}
