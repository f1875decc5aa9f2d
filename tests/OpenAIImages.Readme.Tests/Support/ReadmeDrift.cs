using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>Compares the README's C# blocks with the compiled snippets and says, block by block, what is missing.</summary>
internal static class ReadmeDrift
{
    /// <summary>Lists one message per README C# block that no snippet holds, naming the block by line and first line, and the nearest snippet.</summary>
    public static IReadOnlyList<string> BlocksWithoutSnippet(IEnumerable<CodeBlock> readmeBlocks, IReadOnlyList<CodeBlock> snippets) =>
        readmeBlocks
            .Where(block => ReadmeFile.CSharpLanguages.Contains(block.Name))
            .Where(block => !snippets.Any(block.SameCodeAs))
            .Select(block => $"{block.File}:{block.Line}: the ```{block.Name} block starting `{block.FirstLine}` has no compiled snippet. "
                + "Add its lines verbatim to a method in tests/OpenAIImages.Readme.Tests/Snippets/ between `// begin-snippet: NAME` and `// end-snippet`, "
                + "and a test in ReadmeSnippetTests that runs it. " + Nearest(block, snippets))
            .ToList();

    /// <summary>Lists one message per snippet that no README C# block holds any more.</summary>
    public static IReadOnlyList<string> SnippetsWithoutBlock(IEnumerable<CodeBlock> readmeBlocks, IReadOnlyList<CodeBlock> snippets)
    {
        List<CodeBlock> csharp = readmeBlocks.Where(block => ReadmeFile.CSharpLanguages.Contains(block.Name)).ToList();
        return snippets
            .Where(snippet => !csharp.Any(snippet.SameCodeAs))
            .Select(snippet => $"{snippet.File}:{snippet.Line}: snippet '{snippet.Name}' (starting `{snippet.FirstLine}`) is in no ```csharp block of README.md: bring the README back to it, or remove the snippet and its test.")
            .ToList();
    }

    private static string Nearest(CodeBlock block, IReadOnlyList<CodeBlock> snippets)
    {
        CodeBlock? nearest = snippets.MaxBy(s => s.Normalized.Intersect(block.Normalized, StringComparer.Ordinal).Count());
        if (nearest is null || !nearest.Normalized.Intersect(block.Normalized, StringComparer.Ordinal).Any())
        {
            return "No snippet shares a line with it.";
        }

        int line = block.FirstDifference(nearest);
        string ours = line <= block.Normalized.Count ? block.Normalized[line - 1] : "(end of block)";
        string theirs = line <= nearest.Normalized.Count ? nearest.Normalized[line - 1] : "(end of snippet)";
        return $"Nearest: snippet '{nearest.Name}' ({nearest.File}:{nearest.Line}); line {line} differs: README `{ours}`, snippet `{theirs}`.";
    }
}
