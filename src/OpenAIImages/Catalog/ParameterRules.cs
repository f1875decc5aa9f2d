using System;

namespace OpenAIImages.Catalog;

/// <summary>Parameters with a list of values (quality, style, background, ...): taken by the model at all, and with this value.</summary>
internal static class ParameterRules
{
    public static void Check(ref ValidationScope scope, string field, string? value, AllowedValues allowed, Func<ModelProfile, AllowedValues> select)
    {
        if (value is null || allowed.Allows(value))
        {
            return;
        }

        string id = scope.Model.Id;
        if (!allowed.IsSupported)
        {
            scope.Add(field, value, $"{field} is not supported by {id}; models that take it: {ModelsTaking(select)}");
        }
        else
        {
            scope.Add(field, value, $"{field} '{value}' is not supported by {id}; supported: {string.Join(", ", allowed.Values!)}");
        }
    }

    // Its own method, so a valid request allocates no closure for it.
    private static string ModelsTaking(Func<ModelProfile, AllowedValues> select) => ModelCatalog.ModelsWhere(p => select(p).IsSupported);
}
