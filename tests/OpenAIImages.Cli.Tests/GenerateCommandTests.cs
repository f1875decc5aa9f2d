using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Tests;

public sealed class GenerateCommandTests : CliTestBase
{
    [Fact]
    public async Task Generate_offline_saves_a_png_of_the_requested_size_and_its_metadata()
    {
        CliRun run = await RunAsync("generate", "a lighthouse at dusk", "--size", "1536x1024", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        string image = Assert.Single(run.StdoutLines);
        Assert.Equal(OutDir, Path.GetDirectoryName(image));
        Assert.Matches(@"^\d{8}-\d{6}-a-lighthouse-at-dusk-1\.png$", Path.GetFileName(image));
        Assert.Equal((1536, 1024), TinyPng.ReadSize(File.ReadAllBytes(image)));

        JsonElement metadata = ReadMetadata(image);
        Assert.Equal("a lighthouse at dusk", metadata.GetProperty("prompt").GetString());
        Assert.Equal("gpt-image-2", metadata.GetProperty("model").GetString());
        Assert.Equal("1536x1024", metadata.GetProperty("size").GetString());
        Assert.Equal(Path.GetFileName(image), metadata.GetProperty("file").GetString());
        Assert.False(string.IsNullOrWhiteSpace(metadata.GetProperty("request_id").GetString()));
        Assert.True(DateTimeOffset.TryParse(metadata.GetProperty("created").GetString(), out DateTimeOffset created));
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.True(metadata.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Equal(2, OutFiles(string.Empty).Length);
    }

    [Fact]
    public async Task A_redirected_stderr_gets_the_offline_notice_once_and_a_line_when_the_call_starts_changes_phase_and_ends_but_no_spinner()
    {
        CliRun run = await RunAsync("generate", "a lighthouse at dusk", "--n", "2", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Connection.OfflineNotice, run.StderrLines[0]);
        Assert.Equal("generating: started.", run.StderrLines[1]);
        Assert.Matches(@"^generating: sending \(\d+ s\)\.$", run.StderrLines[2]);
        Assert.Matches(@"^generating: waiting for the service \(\d+ s\)\.$", run.StderrLines[3]);
        Assert.Matches(@"^generating: reading the answer \(\d+ s\)\.$", run.StderrLines[4]);
        Assert.Matches(@"^generating: ended after \d+ s\.$", run.StderrLines[5]);
        Assert.Equal(6, run.StderrLines.Length);
        Assert.DoesNotContain('\r', run.Stderr);
    }

    [Fact]
    public async Task Generate_with_n_2_saves_two_images_each_with_metadata()
    {
        CliRun run = await RunAsync("generate", "two foxes", "--n=2", "--size", "1024x1024", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Equal(run.StdoutLines, OutFiles(".png"));
        Assert.EndsWith("-two-foxes-1.png", run.StdoutLines[0], StringComparison.Ordinal);
        Assert.EndsWith("-two-foxes-2.png", run.StdoutLines[1], StringComparison.Ordinal);
        foreach (string image in run.StdoutLines)
        {
            Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(image)));
            Assert.Equal(Path.GetFileName(image), ReadMetadata(image).GetProperty("file").GetString());
        }
    }

    [Fact]
    public async Task Dall_e_3_with_url_response_format_downloads_and_saves_the_image()
    {
        CliRun run = await RunAsync(
            "generate", "a watercolour harbour", "--model", "dall-e-3", "--response-format", "url", "--size", "1024x1792", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        string image = Assert.Single(run.StdoutLines);
        Assert.Equal((1024, 1792), TinyPng.ReadSize(File.ReadAllBytes(image)));
        JsonElement metadata = ReadMetadata(image);
        Assert.Equal("dall-e-3", metadata.GetProperty("model").GetString());
        Assert.Equal("1024x1792", metadata.GetProperty("size").GetString());
    }

    [Fact]
    public async Task File_names_follow_the_pattern_and_never_overwrite_an_earlier_image()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 25, 9, 30, 5, TimeSpan.Zero));
        string[] args = ["generate", "Crème brûlée, on a TABLE!", "--size", "1024x1024", "--out", OutDir];

        CliRun first = await RunAsync(args, NoEnvironment, clock: clock);
        CliRun second = await RunAsync(args, NoEnvironment, clock: clock);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("20261125-093005-creme-brulee-on-a-table-1.png", Path.GetFileName(Assert.Single(first.StdoutLines)));
        Assert.Equal("20261125-093005-creme-brulee-on-a-table-1-2.png", Path.GetFileName(Assert.Single(second.StdoutLines)));
        Assert.Equal(4, OutFiles(string.Empty).Length);
    }

    [Fact]
    public async Task A_prompt_that_starts_with_a_dash_is_accepted_after_a_double_dash()
    {
        CliRun run = await RunAsync("generate", "--out", OutDir, "--size", "1024x1024", "--", "-- minimal --");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("-- minimal --", ReadMetadata(Assert.Single(run.StdoutLines)).GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task An_out_folder_that_cannot_be_made_exits_1_with_one_line()
    {
        string notAFolder = Path.Combine(Root, "taken");
        File.WriteAllText(notAFolder, "a file where the folder should go");

        CliRun run = await RunAsync("generate", "a lighthouse", "--size", "1024x1024", "--out", notAFolder);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("taken", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Progress_is_drawn_and_cleared_when_stderr_is_a_terminal()
    {
        CliRun run = await RunAsync(["generate", "a spinner", "--size", "1024x1024", "--out", OutDir], NoEnvironment, showProgress: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\r| generating 0s", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("\r", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.StdoutLines);
    }
}
