using System;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Tests;

public sealed class ArgumentTests : CliTestBase
{
    [Theory]
    [InlineData("--colour red", "unknown flag --colour")]
    [InlineData("--n two", "--n takes a whole number; got 'two'")]
    [InlineData("--size", "--size needs a value")]
    [InlineData("--size=", "--size needs a value")]
    [InlineData("--model --size 1024x1024", "--model needs a value")]
    [InlineData("--n 1 --n 2", "--n is given more than once")]
    [InlineData("--input-fidelity high", "--input-fidelity does not apply to generate")]
    [InlineData("--port 80", "--port does not apply to generate")]
    [InlineData("-m dall-e-3", "unknown flag -m")]
    [InlineData("extra-word", "unexpected argument 'extra-word'")]
    [InlineData("--stream=maybe", "--stream takes no value, or =true or =false")]
    public async Task Bad_flags_exit_2_with_one_line_naming_the_flag(string flags, string expected)
    {
        CliRun run = await RunAsync(["generate", "a prompt", .. flags.Split(' '), "--out", OutDir]);

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.StderrLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.Empty(OutFiles(string.Empty));
    }

    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "paint", "a cat" }, "unknown command 'paint'")]
    [InlineData(new[] { "generate" }, "generate needs PROMPT")]
    [InlineData(new[] { "variation", "--image", "a.png", "--style", "vivid" }, "--style does not apply to variation")]
    [InlineData(new[] { "edit", "a prompt", "--moderation", "low" }, "--moderation does not apply to edit")]
    [InlineData(new[] { "serve", "--port", "70000" }, "--port must be between 0 and 65535")]
    [InlineData(new[] { "generate", "a prompt", "--api-key", "k", "--base-url", "not a url" }, "--base-url 'not a url' is not an absolute http(s) URL")]
    [InlineData(new[] { "generate", "a prompt", "--base-url", "http://127.0.0.1:9/v1/" }, "--base-url needs an API key")]
    public async Task Bad_command_lines_exit_2_with_one_line(string[] args, string expected)
    {
        CliRun run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task An_invalid_combination_exits_2_with_the_sdk_validation_message()
    {
        CliRun run = await RunAsync("generate", "a harbour", "--model", "dall-e-3", "--size", "512x512", "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: The request was not sent: size '512x512' is not supported by dall-e-3; supported: 1024x1024, 1792x1024, 1024x1792.",
            Assert.Single(run.ErrorLines));
        Assert.Empty(run.Stdout);
        Assert.Empty(OutFiles(string.Empty));
    }

    [Fact]
    public async Task Several_validation_problems_are_joined_on_one_line()
    {
        CliRun run = await RunAsync("generate", "a harbour", "--model", "dall-e-3", "--size", "512x512", "--n", "3", "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: The request was not sent: ", line, StringComparison.Ordinal);
        Assert.Contains("n 3 is out of range", line, StringComparison.Ordinal);
        Assert.Contains("; size '512x512'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--stream")]
    [InlineData("--stream=true")]
    [InlineData("--partial-images 2")]
    public async Task Streaming_flags_parse_and_then_exit_2_saying_streaming_is_not_supported(string flags)
    {
        CliRun run = await RunAsync(["generate", "a prompt", .. flags.Split(' '), "--out", OutDir]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: streaming (--stream, --partial-images) is not supported by this version of openai-images yet",
            Assert.Single(run.StderrLines));
        Assert.Empty(OutFiles(string.Empty));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("-h")]
    public async Task Help_exits_0_and_lists_every_command_and_flag(string help)
    {
        CliRun run = await RunAsync(help);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stderr);
        foreach (string command in new[] { "generate PROMPT", "edit PROMPT --image FILE", "--mask FILE", "variation --image FILE", "batch FILE", "serve [--port N]" })
        {
            Assert.Contains(command, run.Stdout, StringComparison.Ordinal);
        }

        string[] flags =
        [
            "--model", "--size", "--quality", "--style", "--n", "--response-format", "--user", "--background", "--output-format",
            "--output-compression", "--moderation", "--input-fidelity", "--stream", "--partial-images", "--image", "--mask", "--out",
            "--api-key", "--base-url", "--port", "--help",
        ];
        foreach (string flag in flags)
        {
            Assert.Matches(@"(?m)^  " + flag + @"\b", run.Stdout);
        }
    }

    [Fact]
    public async Task Help_after_a_command_exits_0_without_running_it()
    {
        CliRun run = await RunAsync("generate", "--help", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--output-compression", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(OutFiles(string.Empty));
    }
}
