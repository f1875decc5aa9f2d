using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>Lines of code with where they came from: a README block (<paramref name="Name"/> is its fence's info string) or a marked snippet (its name).</summary>
/// <remarks>
/// A snippet also carries its file's using directives and namespace (<see cref="FileUsings"/>, <see cref="Namespace"/>),
/// which is what the block is compiled with: the README's reader has those usings, and nothing of the SDK's namespaces.
/// </remarks>
internal sealed partial record CodeBlock(string Name, string File, int Line, IReadOnlyList<string> Lines)
{
    /// <summary>Gets the lines with their common indentation and trailing spaces removed, and blank lines at either end dropped.</summary>
    public IReadOnlyList<string> Normalized { get; } = Normalize(Lines);

    /// <summary>Gets the using directives the block opens with (a README block that shows them), as directives without comments.</summary>
    public IReadOnlyList<string> UsingsShown => Normalized.TakeWhile(l => l.Length == 0 || Directive(l) is not null).Select(Directive).OfType<string>().ToList();

    /// <summary>Gets the code after the using directives the block opens with.</summary>
    public IReadOnlyList<string> Body => Normalized.SkipWhile(l => l.Length == 0 || Directive(l) is not null).ToList();

    /// <summary>Gets, for a snippet, the using directives of its file; empty for a README block.</summary>
    public IReadOnlyList<string> FileUsings { get; init; } = [];

    /// <summary>Gets, for a snippet, its file's namespace, or null for top-level statements (and README blocks).</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the first non-blank line, to name the block in a message.</summary>
    public string FirstLine => Normalized.Count == 0 ? "(empty)" : Normalized[0];

    /// <summary>Tells whether both hold the same code, modulo indentation.</summary>
    public bool SameCodeAs(CodeBlock other) => Normalized.SequenceEqual(other.Normalized, StringComparer.Ordinal);

    /// <summary>Gets the 1-based line of <see cref="Normalized"/> where the two first differ, for a message.</summary>
    public int FirstDifference(CodeBlock other)
    {
        int i = 0;
        while (i < Normalized.Count && i < other.Normalized.Count && Normalized[i] == other.Normalized[i])
        {
            i++;
        }

        return i + 1;
    }

    /// <summary>Gets the using directive a line holds (<c>using X;</c>, <c>using static X;</c>, <c>using A = X;</c>) without its comment and extra spaces, or null for any other line (<c>using var</c> and <c>global using</c> included).</summary>
    public static string? Directive(string line)
    {
        int comment = line.IndexOf("//", StringComparison.Ordinal);
        string code = (comment >= 0 ? line[..comment] : line).Trim();
        return UsingDirective().IsMatch(code) ? Regex.Replace(code, @"\s+", " ").Replace(" ;", ";", StringComparison.Ordinal) : null;
    }

    [GeneratedRegex(@"^using\s+(static\s+)?([A-Za-z_]\w*\s*=\s*)?[A-Za-z_][\w.]*(<[^;]*>)?\s*;$")]
    private static partial Regex UsingDirective();

    private static List<string> Normalize(IReadOnlyList<string> lines)
    {
        List<string> trimmed = lines.Select(l => l.TrimEnd()).SkipWhile(l => l.Length == 0).ToList();
        while (trimmed.Count > 0 && trimmed[^1].Length == 0)
        {
            trimmed.RemoveAt(trimmed.Count - 1);
        }

        int indent = trimmed.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return trimmed.Select(l => l.Length == 0 ? l : l[indent..]).ToList();
    }
}
