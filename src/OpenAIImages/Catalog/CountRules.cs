using static OpenAIImages.Catalog.ValidationText;

namespace OpenAIImages.Catalog;

/// <summary>How many images one request asks for (<c>n</c>).</summary>
internal static class CountRules
{
    public static void Check(ref ValidationScope scope, int? n)
    {
        if (n is not { } value)
        {
            return;
        }

        ModelProfile model = scope.Model;
        IntRange allowed = model.Counts;
        if (!allowed.Contains(value))
        {
            string rule = allowed is { Min: 1, Max: 1 } ? $"{model.Id} creates exactly 1 image per request" : $"allowed: {allowed} for {model.Id}";
            scope.Add("n", Number(value), $"n {Number(value)} is out of range; {rule}");
        }
    }
}
