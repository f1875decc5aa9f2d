using System.Collections.Generic;
using System.Linq;
using OpenAIImages.Readme.Tests.Support;

namespace OpenAIImages.Readme.Tests;

/// <summary>The README's C# blocks and the compiled snippets are the same code, so the README cannot drift from what compiles.</summary>
public sealed class ReadmeDriftTests
{
    [Fact]
    public void Every_csharp_block_of_the_README_is_a_compiled_snippet()
    {
        IReadOnlyList<CodeBlock> blocks = ReadmeFile.Blocks();

        Assert.Contains(blocks, b => ReadmeFile.CSharpLanguages.Contains(b.Name));
        IReadOnlyList<string> missing = ReadmeDrift.BlocksWithoutSnippet(blocks, SnippetSources.All());
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_snippet_is_still_a_csharp_block_of_the_README()
    {
        IReadOnlyList<string> stale = ReadmeDrift.SnippetsWithoutBlock(ReadmeFile.Blocks(), SnippetSources.All());

        Assert.True(stale.Count == 0, string.Join("\n", stale));
    }

    [Fact]
    public void A_block_that_differs_only_in_indentation_matches_its_snippet()
    {
        var readme = new CodeBlock("csharp", "README.md", 10, ["var a = 1;", "if (a > 0)", "{", "    a++;", "}"]);
        var snippet = new CodeBlock("s", "S.cs", 3, ["        var a = 1;   ", "        if (a > 0)", "        {", "            a++;", "        }", ""]);

        Assert.Empty(ReadmeDrift.BlocksWithoutSnippet([readme], [snippet]));
    }

    [Fact]
    public void A_changed_block_is_reported_with_its_line_its_first_line_and_the_differing_line_of_the_nearest_snippet()
    {
        var readme = new CodeBlock("csharp", "README.md", 42, ["var client = Make();", "client.Go(2);"]);
        var snippet = new CodeBlock("go", "tests/S.cs", 7, ["var client = Make();", "client.Go(1);"]);

        string message = Assert.Single(ReadmeDrift.BlocksWithoutSnippet([readme], [snippet]));

        Assert.StartsWith("README.md:42: the ```csharp block starting `var client = Make();` has no compiled snippet.", message);
        Assert.EndsWith("Nearest: snippet 'go' (tests/S.cs:7); line 2 differs: README `client.Go(2);`, snippet `client.Go(1);`.", message);
    }

    [Fact]
    public void Blocks_in_other_languages_need_no_snippet()
    {
        CodeBlock[] blocks =
        [
            new("sh", "README.md", 1, ["dotnet test"]),
            new("json", "README.md", 5, ["{}"]),
            new("cs-azure", "README.md", 9, ["var credential = new DefaultAzureCredential();"]),
        ];

        Assert.Empty(ReadmeDrift.BlocksWithoutSnippet(blocks, []));
    }

    [Fact]
    public void The_snippet_names_are_unique_and_each_has_code()
    {
        IReadOnlyList<CodeBlock> snippets = SnippetSources.All();

        Assert.Equal(snippets.Count, snippets.Select(s => s.Name).Distinct().Count());
        Assert.All(snippets, s => Assert.NotEmpty(s.Normalized));
    }
}
