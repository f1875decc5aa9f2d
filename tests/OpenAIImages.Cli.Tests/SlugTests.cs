using OpenAIImages.Cli.Output;

namespace OpenAIImages.Cli.Tests;

public sealed class SlugTests
{
    [Theory]
    [InlineData("a lighthouse at dusk", "a-lighthouse-at-dusk")]
    [InlineData("  Crème Brûlée!!  ", "creme-brulee")]
    [InlineData("Ünïcödé ÄÖÜ ß", "unicode-aou")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("東京", "image")]
    [InlineData("", "image")]
    [InlineData("one two three four five six seven eight nine ten", "one-two-three-four-five-six-seven-eight")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklm nopq", "abcdefghijklmnopqrstuvwxyzabcdefghijklm")]
    public void Slug_is_lower_case_ascii_joined_by_dashes_and_at_most_40_characters(string prompt, string expected)
    {
        string slug = Slug.From(prompt);

        Assert.Equal(expected, slug);
        Assert.InRange(slug.Length, 1, 40);
    }
}
