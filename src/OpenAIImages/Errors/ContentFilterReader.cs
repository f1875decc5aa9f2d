using System;
using System.Collections.Generic;
using System.Text.Json;

namespace OpenAIImages.Errors;

/// <summary>Reads Azure OpenAI's content filter results: an object of categories, each <c>{ filtered, severity?, detected? }</c>.</summary>
internal static class ContentFilterReader
{
    /// <summary>Reads the results from a parsed object, skipping what is not a category object; null when there are none.</summary>
    public static IReadOnlyDictionary<string, ImageContentFilterResult>? Read(JsonElement results)
    {
        if (results.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var categories = new Dictionary<string, ImageContentFilterResult>(StringComparer.Ordinal);
        foreach (JsonProperty category in results.EnumerateObject())
        {
            if (category.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            categories[category.Name] = new ImageContentFilterResult(
                Bool(category.Value, "filtered") ?? false,
                category.Value.TryGetProperty("severity", out JsonElement severity) && severity.ValueKind == JsonValueKind.String ? severity.GetString() : null,
                Bool(category.Value, "detected"));
        }

        return categories.Count == 0 ? null : categories;
    }

    private static bool? Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
