using System.Globalization;
using System.Text;

namespace OpenAIImages.Cli.Output;

/// <summary>Turns a prompt into a short, file-name-safe part: lower-case ASCII letters and digits joined by dashes.</summary>
internal static class Slug
{
    public const int MaxLength = 40;

    public static string From(string? text)
    {
        var slug = new StringBuilder(MaxLength);
        bool dash = false;
        foreach (char c in (text ?? string.Empty).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (dash && slug.Length > 0)
                {
                    slug.Append('-');
                }

                dash = false;
                slug.Append(char.ToLowerInvariant(c));
                if (slug.Length >= MaxLength)
                {
                    break;
                }
            }
            else
            {
                dash = true;
            }
        }

        string result = slug.ToString(0, System.Math.Min(slug.Length, MaxLength)).TrimEnd('-');
        return result.Length == 0 ? "image" : result;
    }
}
