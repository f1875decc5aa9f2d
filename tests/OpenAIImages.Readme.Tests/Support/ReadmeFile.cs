using System;
using System.Collections.Generic;
using System.IO;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>Reads the fenced code blocks of the repository's README.md.</summary>
internal static class ReadmeFile
{
    /// <summary>The info strings of the blocks that are compiled; other blocks (<c>sh</c>, <c>json</c>, <c>cs-azure</c>, ...) are not.</summary>
    public static readonly IReadOnlySet<string> CSharpLanguages = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "csharp", "cs", "c#" };

    /// <summary>Gets the README's path.</summary>
    public static string Path => System.IO.Path.Combine(Repository.Root, "README.md");

    /// <summary>Gets every fenced block of the README, in order, with its info string as its name and the line of its opening fence.</summary>
    public static IReadOnlyList<CodeBlock> Blocks()
    {
        string[] lines = File.ReadAllLines(Path);
        var blocks = new List<CodeBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            string fence = lines[i].TrimStart();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            string info = fence[3..].Trim();
            int start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }

            blocks.Add(new CodeBlock(info, "README.md", start + 1, body));
        }

        return blocks;
    }
}
