using System.Collections.Generic;
using System.Linq;
using OpenAIImages.Readme.Tests.Support;
using Xunit;

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

    [Fact]
    public void Every_snippet_is_compiled_as_user_code_outside_the_SDKs_namespaces()
    {
        IReadOnlyList<string> inside = ReadmeDrift.SnippetsNotCompiledAsUserCode(SnippetSources.All());

        Assert.True(inside.Count == 0, string.Join("\n", inside));
    }

    [Fact]
    public void A_snippet_in_a_namespace_under_OpenAIImages_is_reported()
    {
        var snippet = new CodeBlock("edit", "Snippets/Edit.cs", 3, ["client.Go();"]) { Namespace = "OpenAIImages.Readme.Tests.Snippets" };

        string message = Assert.Single(ReadmeDrift.SnippetsNotCompiledAsUserCode([snippet]));

        Assert.Contains("is compiled in namespace OpenAIImages.Readme.Tests.Snippets", message);
    }

    [Fact]
    public void A_block_that_shows_its_usings_is_held_only_by_a_snippet_whose_file_has_exactly_those()
    {
        CodeBlock[] readme =
        [
            new("csharp", "README.md", 1, ["using OpenAIImages;", "", "var client = Make();"]),
            new("csharp", "README.md", 9, ["using Microsoft.Extensions.AI;", "using OpenAIImages;", "using ImageGenerationOptions = Microsoft.Extensions.AI.ImageGenerationOptions; // why", "", "Go(new ImageGenerationOptions());"]),
        ];
        var quickStart = new CodeBlock("quick-start", "Q.cs", 1, ["using OpenAIImages;", "", "var client = Make();"]) { FileUsings = ["using OpenAIImages;"] };
        var exact = new CodeBlock("meai", "M.cs", 5, ["Go(new ImageGenerationOptions());"]) { FileUsings = ["using Microsoft.Extensions.AI;", "using OpenAIImages;", "using ImageGenerationOptions = Microsoft.Extensions.AI.ImageGenerationOptions;"] };
        var withoutAlias = exact with { FileUsings = ["using Microsoft.Extensions.AI;", "using OpenAIImages;"] };

        Assert.Empty(ReadmeDrift.BlocksWithoutSnippet(readme, [quickStart, exact]));
        string message = Assert.Single(ReadmeDrift.BlocksWithoutSnippet(readme, [quickStart, withoutAlias]));
        Assert.StartsWith("README.md:9: the ```csharp block starting `using Microsoft.Extensions.AI;` is compiled by snippet 'meai' (M.cs) with the usings `using Microsoft.Extensions.AI; using OpenAIImages;`", message);
        Assert.Empty(ReadmeDrift.SnippetsWithoutBlock(readme, [quickStart, withoutAlias]));
    }

    [Fact]
    public void A_block_that_shows_no_usings_is_held_by_a_snippet_whose_file_has_the_quick_starts()
    {
        CodeBlock[] readme =
        [
            new("csharp", "README.md", 1, ["using OpenAIImages;", "", "var client = Make();"]),
            new("csharp", "README.md", 9, ["client.Go(new ImageGenerationOptions());"]),
        ];
        var quickStart = new CodeBlock("quick-start", "Q.cs", 1, ["using OpenAIImages;", "", "var client = Make();"]) { FileUsings = ["using OpenAIImages;"] };
        var go = new CodeBlock("go", "G.cs", 5, ["client.Go(new ImageGenerationOptions());"]) { FileUsings = ["using Microsoft.Extensions.AI;", "using OpenAIImages;"] };

        Assert.Equal(["using OpenAIImages;"], ReadmeDrift.QuickStartUsings(readme));
        Assert.Empty(ReadmeDrift.BlocksWithoutSnippet(readme, [quickStart, go]));
        string message = Assert.Single(ReadmeDrift.BlocksWithoutSnippet(readme, [quickStart, go with { FileUsings = ["using Microsoft.Extensions.AI;"] }]));
        Assert.Contains("but a reader has the quick start's `using OpenAIImages;` and those the code needs", message);
    }

    [Theory]
    [InlineData("using OpenAIImages;", "using OpenAIImages;")]
    [InlineData("using  OpenAIImages ; // the SDK", "using OpenAIImages;")]
    [InlineData("using static System.Math;", "using static System.Math;")]
    [InlineData("using Options = Microsoft.Extensions.AI.ImageGenerationOptions;", "using Options = Microsoft.Extensions.AI.ImageGenerationOptions;")]
    [InlineData("using var stream = File.OpenRead(path);", null)]
    [InlineData("using (var stream = File.OpenRead(path))", null)]
    [InlineData("global using OpenAIImages;", null)]
    public void A_using_directive_is_told_from_a_using_statement(string line, string? directive)
    {
        Assert.Equal(directive, CodeBlock.Directive(line));
    }
}
