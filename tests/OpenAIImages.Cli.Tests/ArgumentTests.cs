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
    [InlineData(new[] { "batch", "prompts.txt", "--stream" }, "--stream does not apply to batch")]
    [InlineData(new[] { "batch", "prompts.txt", "--partial-images", "1" }, "--partial-images does not apply to batch")]
    [InlineData(new[] { "batch", "prompts.txt", "--svg-model", "gpt-5" }, "--svg-model does not apply to batch")]
    [InlineData(new[] { "generate", "a prompt", "--markup", "m.png" }, "--markup does not apply to generate")]
    [InlineData(new[] { "variation", "--image", "a.png", "--complexity", "high" }, "--complexity does not apply to variation")]
    [InlineData(new[] { "generate", "a prompt", "--frame-count", "many" }, "--frame-count takes a whole number; got 'many'")]
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
    [InlineData("generate", "--partial-images 1")]
    [InlineData("generate", "--stream=false --partial-images 2")]
    [InlineData("edit", "--partial-images 1 --image missing.png")]
    public async Task Partial_images_without_stream_exit_2_saying_it_needs_stream(string command, string flags)
    {
        CliRun run = await RunAsync([command, "a prompt", .. flags.Split(' '), "--out", OutDir]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: --partial-images needs --stream: partial images exist only in a streamed response",
            Assert.Single(run.StderrLines));
        Assert.Empty(run.Stdout);
        Assert.Empty(OutFiles(string.Empty));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("-h")]
    public async Task Root_help_exits_0_and_lists_the_commands_and_the_exit_codes_but_no_command_flags(string help)
    {
        CliRun run = await RunAsync(help);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stderr);
        Assert.Contains("openai-images [command] [options]", run.Stdout, StringComparison.Ordinal);
        foreach (string command in new[] { "generate <PROMPT>", "edit <PROMPT>", "--image FILE [--image FILE ...] [--mask FILE]", "variation", "batch <FILE>", "serve" })
        {
            Assert.Contains(command, run.Stdout, StringComparison.Ordinal);
        }

        AssertExitCodes(run.Stdout);
        Assert.DoesNotMatch(@"(?m)^  --quality\b", run.Stdout);
    }

    [Theory]
    [InlineData("generate", "--model --size --quality --style --n --response-format --user --safety-identifier --background --output-format --output-compression --moderation --complexity --frame-count --frame-duration-ms --svg-model --svg-reasoning-effort --stream --partial-images --out --api-key --base-url --deployment --api-version --azure-model --help", "--image --mask --markup --input-fidelity --port --concurrency --resume")]
    [InlineData("edit", "--image --mask --markup --model --size --quality --n --input-fidelity --moderation --complexity --svg-model --stream --partial-images --out --api-key --base-url --deployment --api-version --azure-model", "--style --port --concurrency --resume")]
    [InlineData("variation", "--image --model --size --n --response-format --user --out --api-key --base-url --deployment --api-version --azure-model", "--quality --style --mask --stream --background --complexity")]
    [InlineData("batch", "--model --size --quality --complexity --moderation --frame-count --concurrency --resume --out --deployment --azure-model", "--image --stream --partial-images --svg-model --markup --port")]
    [InlineData("serve", "--port --help", "--model --out --api-key --deployment --azure-model")]
    public async Task Each_command_help_lists_only_its_own_flags_and_the_exit_codes(string command, string listed, string notListed)
    {
        CliRun run = await RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"openai-images {command}", run.Stdout, StringComparison.Ordinal);
        foreach (string flag in listed.Split(' '))
        {
            Assert.Matches(@"(?m)^  (-\?, -h, )?" + flag + @"\b", run.Stdout);
        }

        foreach (string flag in notListed.Split(' '))
        {
            Assert.DoesNotMatch(@"(?m)^  " + flag + @"\b", run.Stdout);
        }

        AssertExitCodes(run.Stdout);
    }

    [Fact]
    public async Task Flag_help_describes_the_value_and_what_it_needs()
    {
        CliRun generate = await RunAsync("help", "generate");
        CliRun variation = await RunAsync("variation", "-h");

        Assert.Matches(@"(?m)^  --partial-images <0-3> +How many partial images to stream before the final one; needs --stream\.$", generate.Stdout);
        Assert.Matches(@"(?m)^  --frame-count <2-16> +Frames of an animated GIF \(--output-format gif\)\.$", generate.Stdout);
        Assert.Matches(@"(?m)^  --model <MODEL> +Model id \(default dall-e-2", variation.Stdout);
        Assert.DoesNotContain("not supported by this version", generate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_after_a_command_exits_0_without_running_it()
    {
        CliRun run = await RunAsync("generate", "--help", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--output-compression", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(OutFiles(string.Empty));
    }

    private static void AssertExitCodes(string help)
    {
        Assert.Contains("Exit codes:", help, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  0 +success$", help);
        Assert.Matches(@"(?m)^  1 +the API answered with an error, the server could not be reached", help);
        Assert.Matches(@"(?m)^  2 +bad input: a usage error, a missing file, or a request the SDK rejected before sending$", help);
        Assert.Matches(@"(?m)^  130 +interrupted \(Ctrl\+C\)", help);
    }
}
