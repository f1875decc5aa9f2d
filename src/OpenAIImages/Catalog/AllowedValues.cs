using System;
using System.Collections.Generic;

namespace OpenAIImages.Catalog;

/// <summary>Which values a parameter takes for one model: none (the model does not take it), any, or a list.</summary>
internal sealed class AllowedValues
{
    private AllowedValues(IReadOnlyList<string>? values, bool supported)
    {
        Values = values;
        IsSupported = supported;
    }

    public static AllowedValues NotSupported { get; } = new(null, false);

    public static AllowedValues Any { get; } = new(null, true);

    /// <summary>Gets whether the model takes the parameter at all.</summary>
    public bool IsSupported { get; }

    /// <summary>Gets the values the model takes, or null for any value.</summary>
    public IReadOnlyList<string>? Values { get; }

    public static AllowedValues Of(params string[] values) => new(values, true);

    public bool Allows(string value) => IsSupported && (Values is null || Contains(Values, value));

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        // Indexed, not foreach: an interface enumerator would be an allocation per check.
        for (int i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
