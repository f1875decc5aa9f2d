using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>Reads the snippets marked in this project's sources with <c>// begin-snippet: NAME</c> ... <c>// end-snippet</c>.</summary>
internal static class SnippetSources
{
    private const string Begin = "// begin-snippet:";
    private const string End = "// end-snippet";

    /// <summary>Gets every marked snippet of the project's .cs files (bin and obj left out), named by its marker.</summary>
    /// <exception cref="InvalidDataException">A marker is unclosed, nested, unnamed or a name is used twice.</exception>
    public static IReadOnlyList<CodeBlock> All()
    {
        var snippets = new List<CodeBlock>();
        foreach (string file in Directory.EnumerateFiles(Repository.ProjectFolder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(Repository.Root, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            snippets.AddRange(Read(file, relative));
        }

        string? twice = snippets.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        return twice is null ? snippets : throw new InvalidDataException($"The snippet name '{twice}' is used more than once.");
    }

    private static IEnumerable<CodeBlock> Read(string file, string relative)
    {
        string[] lines = File.ReadAllLines(file);
        string[] usings = lines.Select(CodeBlock.Directive).OfType<string>().ToArray();
        string? ns = lines.Select(l => l.Trim()).Where(l => l.StartsWith("namespace ", StringComparison.Ordinal)).Select(l => l["namespace ".Length..].TrimEnd(';', ' ', '{')).FirstOrDefault();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (!line.StartsWith(Begin, StringComparison.Ordinal))
            {
                continue;
            }

            string name = line[Begin.Length..].Trim();
            if (name.Length == 0)
            {
                throw new InvalidDataException($"{relative}:{i + 1}: a begin-snippet marker without a name.");
            }

            int start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != End; i++)
            {
                if (lines[i].Trim().StartsWith(Begin, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{relative}:{i + 1}: snippet '{name}' is not closed before the next begin-snippet.");
                }

                body.Add(lines[i]);
            }

            if (i == lines.Length)
            {
                throw new InvalidDataException($"{relative}:{start + 1}: snippet '{name}' has no // end-snippet.");
            }

            yield return new CodeBlock(name, relative, start + 1, body) { FileUsings = usings, Namespace = ns };
        }
    }
}
