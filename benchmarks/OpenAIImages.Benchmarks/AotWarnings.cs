using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The IL2xxx (trimming) and IL3xxx (AOT) warnings of a native AOT publish, told apart by whose code produced them: the
/// compiler names the member a warning is about (TrimmerSingleWarn off), or the assembly in a one-per-assembly IL2104.
/// </summary>
/// <param name="Ours">Warnings in OpenAIImages.</param>
/// <param name="Official">Warnings in the official OpenAI package and System.ClientModel beneath it.</param>
/// <param name="Harness">Warnings in the benchmarks' own code: the raw client, the canned handler and payloads.</param>
/// <param name="Other">Warnings in anything else (the framework).</param>
public sealed partial record AotWarnings(int Ours, int Official, int Harness, int Other)
{
    /// <summary>Gets all the warnings.</summary>
    public int Total => Ours + Official + Harness + Other;

    /// <summary>Counts the distinct warnings in a publish's output (MSBuild repeats each in its closing summary).</summary>
    public static AotWarnings Count(string publishOutput)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int ours = 0, official = 0, harness = 0, other = 0;
        foreach (Match match in Warning().Matches(publishOutput))
        {
            if (!seen.Add(match.Groups["text"].Value.Trim()))
            {
                continue;
            }

            string origin = match.Groups["assembly"].Success ? match.Groups["assembly"].Value : match.Groups["member"].Value;
            if (origin.StartsWith("OpenAIImages.Benchmarks", StringComparison.Ordinal) || origin.StartsWith("OpenAIImages.ColdStart", StringComparison.Ordinal))
            {
                harness++;
            }
            else if (origin.StartsWith("OpenAIImages", StringComparison.Ordinal))
            {
                ours++;
            }
            else if (origin.StartsWith("OpenAI", StringComparison.Ordinal) || origin.StartsWith("System.ClientModel", StringComparison.Ordinal))
            {
                official++;
            }
            else
            {
                other++;
            }
        }

        return new AotWarnings(ours, official, harness, other);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Total} IL2xxx/IL3xxx warning(s): ours {Ours}, official {Official}, raw and harness {Harness}, other {Other}";

    // "warning IL2026: Namespace.Type.Member(...): message", or "warning IL2104: Assembly 'Name' produced trim warnings";
    // the text (without MSBuild's trailing " [project]") is what makes a warning distinct.
    [GeneratedRegex(@"warning (?<text>IL[23]\d{3}: (?:Assembly '(?<assembly>[^']+)'|(?<member>[^\s(:]+))[^\[\r\n]*)")]
    private static partial Regex Warning();
}
