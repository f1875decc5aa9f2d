using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>Lines of code with where they came from: a README block (<paramref name="Name"/> is its fence's info string) or a marked snippet (its name).</summary>
internal sealed record CodeBlock(string Name, string File, int Line, IReadOnlyList<string> Lines)
{
    /// <summary>Gets the lines with their common indentation and trailing spaces removed, and blank lines at either end dropped.</summary>
    public IReadOnlyList<string> Normalized { get; } = Normalize(Lines);

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
