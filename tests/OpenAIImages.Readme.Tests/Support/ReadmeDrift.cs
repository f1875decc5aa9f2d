using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>
/// Compares the README's C# blocks with the compiled snippets and says, block by block, what is missing. A snippet holds
/// a block when it has the block's code and its file has the usings a reader of the README has: exactly those the block
/// shows, or, for a block that shows none, at least the quick start's (the first block that shows any), as in a file
/// that began with the quick start. So a clash between two namespaces the reader imports is seen as the reader sees it.
/// </summary>
internal static class ReadmeDrift
{
    /// <summary>Gets the usings a block that shows none is read with: those of the README's first C# block that shows any.</summary>
    public static IReadOnlyList<string> QuickStartUsings(IEnumerable<CodeBlock> readmeBlocks) =>
        readmeBlocks.Where(IsCSharp).Select(b => b.UsingsShown).FirstOrDefault(u => u.Count > 0) ?? [];

    /// <summary>Lists one message per README C# block that no snippet holds, naming the block by line and first line, and the nearest snippet or the usings that differ.</summary>
    public static IReadOnlyList<string> BlocksWithoutSnippet(IEnumerable<CodeBlock> readmeBlocks, IReadOnlyList<CodeBlock> snippets)
    {
        List<CodeBlock> csharp = readmeBlocks.Where(IsCSharp).ToList();
        IReadOnlyList<string> assumed = QuickStartUsings(csharp);
        var messages = new List<string>();
        foreach (CodeBlock block in csharp)
        {
            if (snippets.Any(s => SameCode(s, block) && UsingsAgree(s, block, assumed)))
            {
                continue;
            }

            string where = $"{block.File}:{block.Line}: the ```{block.Name} block starting `{block.FirstLine}`";
            messages.Add(snippets.FirstOrDefault(s => SameCode(s, block)) is { } sameCode
                ? $"{where} is compiled by snippet '{sameCode.Name}' ({sameCode.File}) with the usings {List(sameCode.FileUsings)}, but a reader has "
                    + (block.UsingsShown.Count > 0 ? $"exactly those the block shows, {List(block.UsingsShown)}" : $"the quick start's {List(assumed)} and those the code needs")
                    + ": make the snippet file's using directives so (and write the types of its method's parameters in full, global::...)."
                : $"{where} has no compiled snippet. "
                    + "Add its lines verbatim to a method in tests/OpenAIImages.Readme.Tests/Snippets/ between `// begin-snippet: NAME` and `// end-snippet`, "
                    + "in a file of namespace ReadmeUser.<Name>Block whose usings are those the block shows (or the quick start's when it shows none), "
                    + "and a test in ReadmeSnippetTests that runs it. " + Nearest(block, snippets));
        }

        return messages;
    }

    /// <summary>Lists one message per snippet whose code no README C# block holds any more.</summary>
    public static IReadOnlyList<string> SnippetsWithoutBlock(IEnumerable<CodeBlock> readmeBlocks, IReadOnlyList<CodeBlock> snippets)
    {
        List<CodeBlock> csharp = readmeBlocks.Where(IsCSharp).ToList();
        return snippets
            .Where(snippet => !csharp.Any(block => SameCode(snippet, block)))
            .Select(snippet => $"{snippet.File}:{snippet.Line}: snippet '{snippet.Name}' (starting `{snippet.FirstLine}`) is in no ```csharp block of README.md: bring the README back to it, or remove the snippet and its test.")
            .ToList();
    }

    /// <summary>Lists one message per snippet compiled inside a namespace of its own making that a user's code would not be in: every snippet is top-level statements or in a namespace under <c>ReadmeUser.</c>, so no enclosing <c>OpenAIImages</c> namespace imports the SDK's types for it.</summary>
    public static IReadOnlyList<string> SnippetsNotCompiledAsUserCode(IReadOnlyList<CodeBlock> snippets) =>
        snippets
            .Where(s => s.Namespace is { } ns && !ns.StartsWith("ReadmeUser.", StringComparison.Ordinal))
            .Select(s => $"{s.File}: snippet '{s.Name}' is compiled in namespace {s.Namespace}; put it in a namespace under ReadmeUser. (ReadmeUser.<Name>Block), as a user's code is, outside the SDK's namespaces.")
            .ToList();

    private static bool IsCSharp(CodeBlock block) => ReadmeFile.CSharpLanguages.Contains(block.Name);

    // The whole block (a top-level program, its usings included), or the block's code after the usings it opens with.
    private static bool SameCode(CodeBlock snippet, CodeBlock block) =>
        snippet.SameCodeAs(block) || (block.UsingsShown.Count > 0 && block.Body.SequenceEqual(snippet.Normalized, StringComparer.Ordinal));

    private static bool UsingsAgree(CodeBlock snippet, CodeBlock block, IReadOnlyList<string> assumed) =>
        block.UsingsShown.Count > 0
            ? snippet.FileUsings.ToHashSet(StringComparer.Ordinal).SetEquals(block.UsingsShown)
            : assumed.All(u => snippet.FileUsings.Contains(u, StringComparer.Ordinal));

    private static string List(IEnumerable<string> usings) => usings.Any() ? "`" + string.Join(" ", usings) + "`" : "(none)";

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
