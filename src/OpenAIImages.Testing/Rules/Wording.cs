using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using OpenAIImages.Testing.Engine;
using OpenAIImages.Testing.Imaging;
using static OpenAIImages.Testing.Rules.FieldChecks;
using static OpenAIImages.Testing.Rules.SizeChecks;
using static OpenAIImages.Testing.Rules.InputImageChecks;

namespace OpenAIImages.Testing.Rules;

/// <summary>Writes lists and numbers as the service's error messages do.</summary>
internal static class Wording
{
    /// <summary>Lists values as the live API's enum errors do: <c>'a', 'b', and 'c'</c>.</summary>
    internal static string Quoted(IEnumerable<string> values) => Listed(values.Select(v => $"'{v}'"));

    /// <summary>Joins with commas and a final "and", as the live API's messages do: <c>a, b, and c</c>; <c>a and b</c>.</summary>
    internal static string Listed(IEnumerable<string> values)
    {
        string[] items = values.ToArray();
        return items.Length switch
        {
            0 => string.Empty,
            1 => items[0],
            2 => $"{items[0]} and {items[1]}",
            _ => string.Join(", ", items[..^1]) + ", and " + items[^1],
        };
    }

    internal static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
