using System;
using System.IO;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Tests;

public sealed class BatchCommandTests : CliTestBase
{
    [Fact]
    public async Task Batch_with_three_prompts_saves_three_images_and_reports_each()
    {
        string file = Path.Combine(Root, "prompts.txt");
        File.WriteAllText(file, "a red fox\n\n  a blue whale  \r\n\na green owl\n");

        CliRun run = await RunAsync("batch", file, "--size", "1024x1024", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.StdoutLines.Length);
        string[] prompts = ["a red fox", "a blue whale", "a green owl"];
        for (int i = 0; i < 3; i++)
        {
            string line = run.StdoutLines[i];
            Assert.StartsWith($"[{i + 1}/3] ok \"{prompts[i]}\": ", line, StringComparison.Ordinal);
            string image = line[(line.IndexOf("\": ", StringComparison.Ordinal) + 3)..];
            Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(image)));
            Assert.Equal(prompts[i], ReadMetadata(image).GetProperty("prompt").GetString());
        }

        Assert.Equal(3, OutFiles(".png").Length);
        Assert.Equal(3, OutFiles(".json").Length);
    }

    [Fact]
    public async Task Batch_reports_a_failed_prompt_on_its_line_and_exits_1()
    {
        string file = Path.Combine(Root, "prompts.txt");
        File.WriteAllLines(file, ["a castle", new string('x', 4001), "a bridge"]);

        CliRun run = await RunAsync("batch", file, "--model", "dall-e-3", "--out", OutDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, run.StdoutLines.Length);
        Assert.StartsWith("[1/3] ok \"a castle\": ", run.StdoutLines[0], StringComparison.Ordinal);
        Assert.StartsWith("[2/3] failed \"xxxxx", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Contains("The request was not sent", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Contains("4,000", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.StartsWith("[3/3] ok \"a bridge\": ", run.StdoutLines[2], StringComparison.Ordinal);
        Assert.Equal(["1 of 3 prompts failed."], run.ErrorLines);
        Assert.Equal(2, OutFiles(".png").Length);
    }

    [Fact]
    public async Task Batch_with_a_missing_file_exits_2()
    {
        CliRun run = await RunAsync("batch", Path.Combine(Root, "none.txt"), "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("none.txt' does not exist", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_with_only_blank_lines_exits_2()
    {
        string file = Path.Combine(Root, "empty.txt");
        File.WriteAllText(file, "\n   \n");

        CliRun run = await RunAsync("batch", file, "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has no prompts", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.Empty(OutFiles(string.Empty));
    }
}
