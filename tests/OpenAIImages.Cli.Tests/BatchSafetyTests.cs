using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli.Tests;

/// <summary>The batch command under fire: refused up front, shown safely, journaled, and never written through a link.</summary>
public sealed class BatchSafetyTests : CliTestBase
{
    private string ManifestPath => Path.Combine(OutDir, "manifest.jsonl");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_flag_that_fails_every_prompt_is_refused_once_up_front_with_exit_2_and_nothing_sent(bool batchApi)
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        string file = Prompts(["a castle", "a bridge", "a tower"]);
        string[] args = ["batch", file, "--model", "dall-e-3", "--n", "2", "--api-key", "sk-test", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir];

        CliRun run = await RunAsync(batchApi ? [.. args, "--batch-api"] : args, NoEnvironment);

        Assert.Equal(2, run.ExitCode);
        string error = Assert.Single(run.NoticeLines);
        Assert.StartsWith("error: every prompt would be refused before sending, so none was sent: ", error, StringComparison.Ordinal);
        Assert.Equal(1, error.Split("exactly 1 image").Length - 1);
        Assert.Empty(emulator.Requests);
        Assert.Empty(run.Stdout);
        Assert.False(Directory.Exists(OutDir) && Directory.EnumerateFileSystemEntries(OutDir).Any());
    }

    [Fact]
    public async Task A_prompt_that_fails_alone_still_leaves_the_others_to_run()
    {
        string file = Prompts(["a castle", new string('x', 4001)]);

        CliRun run = await RunAsync("batch", file, "--model", "dall-e-3", "--out", OutDir);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("[1/2] ok \"a castle\"", run.StdoutLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_prompt_gets_a_line_when_it_is_sent_and_one_when_it_ends_on_a_redirected_stderr()
    {
        string file = Prompts(["a red fox", "a blue whale"]);

        CliRun run = await RunAsync("batch", file, "--concurrency", "1", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["[1/2] sending \"a red fox\"", "[1/2] ok \"a red fox\"", "[2/2] sending \"a blue whale\"", "[2/2] ok \"a blue whale\""], run.StderrLines.Skip(2).SkipLast(1));

        // The estimate comes first, before anything is sent; the summed cost last.
        Assert.StartsWith("Estimated cost: at most ", run.StderrLines[1], StringComparison.Ordinal);
        Assert.StartsWith("Cost: ", run.StderrLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escape_sequences_in_a_prompt_never_reach_the_terminal_raw()
    {
        string file = Prompts(["\u001b]0;pwned\u0007a fox\u001b[2J\u009b31m\u202eevil"]);

        CliRun run = await RunAsync("batch", file, "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        foreach (string text in new[] { run.Stdout, run.Stderr })
        {
            Assert.DoesNotContain(text, c => c is '\u001b' or '\u0007' or '\u009b' or '\u202e');
        }

        Assert.Contains("?]0;pwned?a fox?[2J?31m?evil", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_manifest_is_a_journal_appended_once_a_prompt_not_rewritten()
    {
        string[] prompts = [.. Enumerable.Range(1, 40).Select(i => $"prompt number {i}")];
        string file = Prompts(prompts);

        CliRun run = await RunAsync("batch", file, "--size", "1024x1024", "--quality", "low", "--concurrency", "4", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        string[] lines = File.ReadAllLines(ManifestPath);
        Assert.Equal(40, lines.Length);
        Assert.Equal(Enumerable.Range(1, 40), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("index").GetInt32()).Order());
        Assert.Empty(Directory.GetFiles(OutDir, "*.tmp"));
    }

    [Fact]
    public async Task Resume_ignores_a_torn_last_line_sends_its_prompt_again_and_cuts_it_off()
    {
        string file = Prompts(["a castle", "a bridge"]);
        Directory.CreateDirectory(OutDir);
        File.WriteAllText(ManifestPath, "{\"index\":1,\"prompt\":\"a castle\",\"status\":\"ok\",\"files\":[\"castle.png\"]}\n{\"index\":2,\"prompt\":\"a bri");
        File.WriteAllBytes(Path.Combine(OutDir, ".20260101-a-bridge-1.png.0123456789ab.tmp"), [1, 2, 3]);

        CliRun run = await RunAsync("batch", file, "--resume", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--resume: the last line of manifest.jsonl was cut short (the run before stopped while writing it); its prompt is sent again.", run.NoticeLines);
        Assert.StartsWith("[2/2] ok \"a bridge\"", run.StdoutLines[1], StringComparison.Ordinal);
        string[] lines = File.ReadAllLines(ManifestPath);
        Assert.Equal(2, lines.Length);
        Assert.Equal(2, JsonDocument.Parse(lines[1]).RootElement.GetProperty("index").GetInt32());
        Assert.Empty(Directory.GetFiles(OutDir, ".*"));
    }

    [Fact]
    public async Task A_link_planted_at_the_manifest_is_replaced_and_its_target_is_never_written()
    {
        string outside = Path.Combine(Root, "outside.txt");
        File.WriteAllText(outside, "keep me");
        Directory.CreateDirectory(OutDir);
        File.CreateSymbolicLink(ManifestPath, outside);
        File.CreateSymbolicLink(ManifestPath + ".tmp", outside);
        string file = Prompts(["a castle"]);

        CliRun run = await RunAsync("batch", file, "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("keep me", File.ReadAllText(outside));
        Assert.Null(new FileInfo(ManifestPath).LinkTarget);
        Assert.Single(File.ReadAllLines(ManifestPath));
    }

    [Fact]
    public async Task Resume_refuses_a_manifest_that_is_a_link_and_writes_nothing_through_it()
    {
        string outside = Path.Combine(Root, "outside.jsonl");
        File.WriteAllText(outside, "{\"index\":1,\"prompt\":\"a castle\",\"status\":\"failed\",\"files\":[]}\n");
        Directory.CreateDirectory(OutDir);
        File.CreateSymbolicLink(ManifestPath, outside);
        string file = Prompts(["a castle"]);

        CliRun run = await RunAsync("batch", file, "--resume", "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a link", Assert.Single(run.NoticeLines, l => l.StartsWith("error:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(outside));
    }

    [Fact]
    public async Task A_dangling_link_planted_where_the_metadata_would_go_is_never_written_through()
    {
        string outside = Path.Combine(Root, "planted.json");
        Directory.CreateDirectory(OutDir);
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        File.CreateSymbolicLink(Path.Combine(OutDir, "20260102-030405-a-castle-1.json"), outside);

        CliRun run = await RunAsync(["generate", "a castle", "--out", OutDir], NoEnvironment, clock: clock);

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(outside));
        string image = Assert.Single(run.StdoutLines);
        Assert.Equal("a castle", ReadMetadata(image).GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task Variation_metadata_has_the_images_real_size_when_no_size_was_asked_for()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "logo.png"), 256, 256);

        CliRun run = await RunAsync("variation", "--image", input, "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        string image = Assert.Single(run.StdoutLines);
        (int width, int height) = TinyPng.ReadSize(File.ReadAllBytes(image));
        Assert.Equal($"{width}x{height}", ReadMetadata(image).GetProperty("size").GetString());
    }

    [Fact]
    public async Task Variation_help_suggests_only_sizes_dall_e_2_makes()
    {
        CliRun run = await RunAsync("variation", "--help");

        string size = Assert.Single(run.StdoutLines, l => l.TrimStart().StartsWith("--size", StringComparison.Ordinal));
        Assert.Contains("256x256, 512x512 or 1024x1024", size, StringComparison.Ordinal);
        Assert.DoesNotContain("1536", size, StringComparison.Ordinal);
    }

    private string Prompts(string[] lines)
    {
        string file = Path.Combine(Root, "prompts.txt");
        File.WriteAllLines(file, lines, new UTF8Encoding(false));
        return file;
    }
}
