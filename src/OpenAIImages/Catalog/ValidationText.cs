using System;
using System.Globalization;

namespace OpenAIImages.Catalog;

/// <summary>How validation messages write numbers, sizes, dates and long prompts: invariant, whatever the user's culture.</summary>
internal static class ValidationText
{
    private const long MiB = 1024 * 1024;

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes >= MiB
        ? (bytes / (double)MiB).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : Grouped(bytes) + " bytes";

    public static string Day(DateTimeOffset date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";
}
