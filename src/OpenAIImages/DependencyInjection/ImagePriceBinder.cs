using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OpenAIImages.DependencyInjection;

/// <summary>Reads <c>Prices:{model}</c> sections into <see cref="ImagesClientOptions.Prices"/>, key by key, without reflection.</summary>
/// <remarks>
/// Keys of a model: BasedOn, Currency, TextInputPerMillion, CachedTextInputPerMillion, ImageInputPerMillion,
/// CachedImageInputPerMillion, ImageOutputPerMillion, TextOutputPerMillion, PartialImageOutputTokens, InputImageTokens,
/// HighFidelityInputImageTokens, AlwaysHighFidelity; PerImage:{size} or PerImage:{size}/{quality} (a price);
/// OutputTokensPerImage:{size}/{quality} (a count). What a section leaves out keeps the SDK's table.
/// </remarks>
internal static class ImagePriceBinder
{
    private static readonly string[] Keys =
    [
        "BasedOn", "Currency", "PerImage", "TextInputPerMillion", "CachedTextInputPerMillion", "ImageInputPerMillion",
        "CachedImageInputPerMillion", "ImageOutputPerMillion", "TextOutputPerMillion", "OutputTokensPerImage",
        "PartialImageOutputTokens", "InputImageTokens", "HighFidelityInputImageTokens", "AlwaysHighFidelity",
    ];

    /// <summary>Binds every model below <paramref name="prices"/>; a key or value that cannot be read becomes a configuration problem.</summary>
    public static void Bind(IConfigurationSection prices, ImagesClientOptions options)
    {
        foreach (IConfigurationSection model in prices.GetChildren())
        {
            if (!options.Prices.TryGetValue(model.Key, out ImageModelPrice? price) || price is null)
            {
                price = options.Prices[model.Key] = new ImageModelPrice();
            }

            price.BasedOn = model["BasedOn"] is { Length: > 0 } basedOn ? basedOn : price.BasedOn;
            price.Currency = model["Currency"] is { Length: > 0 } currency ? currency : price.Currency;
            price.TextInputPerMillion = Decimal(options, model, "TextInputPerMillion") ?? price.TextInputPerMillion;
            price.CachedTextInputPerMillion = Decimal(options, model, "CachedTextInputPerMillion") ?? price.CachedTextInputPerMillion;
            price.ImageInputPerMillion = Decimal(options, model, "ImageInputPerMillion") ?? price.ImageInputPerMillion;
            price.CachedImageInputPerMillion = Decimal(options, model, "CachedImageInputPerMillion") ?? price.CachedImageInputPerMillion;
            price.ImageOutputPerMillion = Decimal(options, model, "ImageOutputPerMillion") ?? price.ImageOutputPerMillion;
            price.TextOutputPerMillion = Decimal(options, model, "TextOutputPerMillion") ?? price.TextOutputPerMillion;
            price.PartialImageOutputTokens = Int(options, model, "PartialImageOutputTokens") ?? price.PartialImageOutputTokens;
            price.InputImageTokens = Int(options, model, "InputImageTokens") ?? price.InputImageTokens;
            price.HighFidelityInputImageTokens = Int(options, model, "HighFidelityInputImageTokens") ?? price.HighFidelityInputImageTokens;
            if (model["AlwaysHighFidelity"] is { Length: > 0 } always)
            {
                price.AlwaysHighFidelity = bool.TryParse(always, out bool value) ? value : Invalid<bool?>(options, model, "AlwaysHighFidelity", always, "true or false", price.AlwaysHighFidelity);
            }

            IConfigurationSection perImage = model.GetSection("PerImage");
            foreach (IConfigurationSection entry in perImage.GetChildren())
            {
                if (Decimal(options, perImage, entry.Key) is { } amount)
                {
                    price.PerImage[entry.Key] = amount;
                }
            }

            IConfigurationSection tokens = model.GetSection("OutputTokensPerImage");
            foreach (IConfigurationSection entry in tokens.GetChildren())
            {
                if (Int(options, tokens, entry.Key) is { } count)
                {
                    price.OutputTokensPerImage[entry.Key] = count;
                }
            }

            foreach (IConfigurationSection child in model.GetChildren())
            {
                if (Array.FindIndex(Keys, k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase)) < 0)
                {
                    options.ConfigurationProblems.Add($"Configuration key '{child.Path}' is not a setting of a model's prices (known keys: {string.Join(", ", Keys)}).");
                }
            }
        }
    }

    private static decimal? Decimal(ImagesClientOptions options, IConfigurationSection section, string key) => section[key] is { Length: > 0 } text
        ? decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) ? value : Invalid<decimal?>(options, section, key, text, "a number such as 0.04", null)
        : null;

    private static int? Int(ImagesClientOptions options, IConfigurationSection section, string key) => section[key] is { Length: > 0 } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : Invalid<int?>(options, section, key, text, "a whole number", null)
        : null;

    private static T Invalid<T>(ImagesClientOptions options, IConfigurationSection section, string key, string value, string expected, T keep)
    {
        options.ConfigurationProblems.Add($"Configuration value '{section.Path}:{key}' = '{Internal.Redaction.Text(value, null)}' is not {expected}.");
        return keep;
    }
}
