using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing;

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
        Assert.Equal(prompts.Select(p => $"\"{p}\"").Order(), run.ErrorLines.Select(l => l[l.IndexOf('"', StringComparison.Ordinal)..]).Order());
    }

    [Fact]
    public async Task Prompts_that_share_a_slug_and_a_second_each_get_the_next_free_name_never_one_taken()
    {
        // Forty prompts alike in their first 40 characters, saved 16 at a time within one (held) second.
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 25, 9, 30, 5, TimeSpan.Zero));
        string file = Path.Combine(Root, "prompts.txt");
        File.WriteAllLines(file, Enumerable.Range(1, 40).Select(i => "A lighthouse on a cliff at dusk, watercolour #" + i));
        Directory.CreateDirectory(OutDir);
        File.WriteAllText(Path.Combine(OutDir, "20261125-093005-a-lighthouse-on-a-cliff-at-dusk-watercol-1-7.json"), "{}");

        CliRun run = await RunAsync(["batch", file, "--size", "1024x1024", "--concurrency", "16", "--out", OutDir], NoEnvironment, clock: clock);

        Assert.Equal(0, run.ExitCode);
        string[] expected = [.. new[] { "-1" }.Concat(Enumerable.Range(2, 40).Where(n => n != 7).Select(n => "-1-" + n))
            .Select(suffix => "20261125-093005-a-lighthouse-on-a-cliff-at-dusk-watercol" + suffix + ".png").Order(StringComparer.Ordinal)];
        Assert.Equal(expected, OutFiles(".png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Batch_reports_a_failed_prompt_on_its_line_and_exits_1()
    {
        string file = Prompts(["a castle", new string('x', 4001), "a bridge"]);

        CliRun run = await RunAsync("batch", file, "--model", "dall-e-3", "--out", OutDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, run.StdoutLines.Length);
        Assert.StartsWith("[1/3] ok \"a castle\": ", run.StdoutLines[0], StringComparison.Ordinal);
        Assert.StartsWith("[2/3] failed \"xxxxx", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Contains("The request was not sent", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Contains("4,000", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.StartsWith("[3/3] ok \"a bridge\": ", run.StdoutLines[2], StringComparison.Ordinal);
        Assert.Equal(2, OutFiles(".png").Length);

        // Progress: one stderr line as each prompt finishes, in the order they finish, then the count.
        Assert.Equal("1 of 3 prompts failed.", run.ErrorLines[^1]);
        Assert.Equal(["[1/3] ok \"a castle\"", "[3/3] ok \"a bridge\""], run.ErrorLines[..^1].Where(l => l.Contains(" ok ", StringComparison.Ordinal)).Order());
        Assert.Contains("4,000", Assert.Single(run.ErrorLines, l => l.StartsWith("[2/3] failed \"xxxxx", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_manifest_has_one_line_per_prompt_with_status_files_request_id_and_error()
    {
        string file = Prompts(["a castle", "a bridge"]);
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        emulator.FailNext(1, EmulatedFault.ContentPolicy());

        CliRun run = await RunAsync([.. Batch(file, server), "--concurrency", "1"]);

        Assert.Equal(1, run.ExitCode);
        JsonElement[] manifest = ReadManifest();
        Assert.Equal(2, manifest.Length);

        JsonElement failed = manifest[0];
        Assert.Equal(1, failed.GetProperty("index").GetInt32());
        Assert.Equal("a castle", failed.GetProperty("prompt").GetString());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Empty(failed.GetProperty("files").EnumerateArray());
        Assert.StartsWith("req_", failed.GetProperty("request_id").GetString(), StringComparison.Ordinal);
        Assert.Contains("moderation_blocked", failed.GetProperty("error").GetString(), StringComparison.Ordinal);

        JsonElement ok = manifest[1];
        Assert.Equal(2, ok.GetProperty("index").GetInt32());
        Assert.Equal("ok", ok.GetProperty("status").GetString());
        string image = Assert.Single(ok.GetProperty("files").EnumerateArray()).GetString()!;
        Assert.Equal([Path.Combine(OutDir, image)], OutFiles(".png"));
        Assert.Equal(ReadMetadata(Path.Combine(OutDir, image)).GetProperty("request_id").GetString(), ok.GetProperty("request_id").GetString());
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("error").ValueKind);
        Assert.False(File.Exists(ManifestPath + ".tmp"));
    }

    [Fact]
    public async Task A_batch_cancelled_mid_prompt_keeps_what_finished_exits_130_and_resume_sends_only_the_rest()
    {
        string file = Prompts(["a red fox", "a blue whale", "a green owl"]);
        var clock = new HeldTimers();
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { TimeProvider = clock });
        await using EmulatorServer server = await emulator.StartServerAsync();
        emulator.FailNext(1, EmulatedFault.Delay(TimeSpan.Zero));
        emulator.FailNext(1, EmulatedFault.Delay(TimeSpan.FromHours(1)));
        using var cancellation = new CancellationTokenSource();

        Task<CliRun> running = RunAsync([.. Batch(file, server), "--concurrency", "1"], NoEnvironment, cancellationToken: cancellation.Token);
        await Task.WhenAny(clock.Held, running);
        Assert.True(clock.Held.IsCompleted, "The second prompt was never held in flight.");

        // While the second prompt is in flight, the first is on disk and in the manifest already.
        string image = Assert.Single(OutFiles(".png"));
        Assert.EndsWith("-a-red-fox-1.png", image, StringComparison.Ordinal);
        Assert.Equal(Path.GetFileName(image), Assert.Single(Assert.Single(ReadManifest()).GetProperty("files").EnumerateArray()).GetString());

        await cancellation.CancelAsync();
        CliRun run = await running;

        Assert.Equal(130, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Equal("[1/3] ok \"a red fox\"", run.ErrorLines[0]);
        Assert.StartsWith("Stopped: 1 of 3 prompts are done and kept", run.ErrorLines[1], StringComparison.Ordinal);
        Assert.Equal("Cancelled.", run.ErrorLines[^1]);
        Assert.Equal(["a red fox", "a blue whale"], emulator.Requests.Select(r => r.Fields["prompt"]));
        Assert.Equal([image], OutFiles(".png"));
        Assert.Equal("ok", Assert.Single(ReadManifest()).GetProperty("status").GetString());

        var resumeEmulator = new ImagesEmulator();
        await using EmulatorServer resumeServer = await resumeEmulator.StartServerAsync();
        CliRun resumed = await RunAsync([.. Batch(file, resumeServer), "--resume"]);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(["a blue whale", "a green owl"], resumeEmulator.Requests.Select(r => r.Fields["prompt"]).Order());
        Assert.Equal("--resume: 1 of 3 prompts are done in manifest.jsonl; sending the other 2.", resumed.ErrorLines[0]);
        Assert.Equal($"[1/3] ok \"a red fox\": {image} (earlier run)", resumed.StdoutLines[0]);
        Assert.StartsWith("[2/3] ok \"a blue whale\": ", resumed.StdoutLines[1], StringComparison.Ordinal);
        Assert.StartsWith("[3/3] ok \"a green owl\": ", resumed.StdoutLines[2], StringComparison.Ordinal);
        Assert.Equal(3, OutFiles(".png").Length);
        JsonElement[] manifest = ReadManifest();
        Assert.Equal([1, 2, 3], manifest.Select(e => e.GetProperty("index").GetInt32()));
        Assert.All(manifest, e => Assert.Equal("ok", e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Resume_sends_the_failed_prompts_again_and_nothing_once_all_are_done()
    {
        string file = Prompts(["a castle", "a bridge", "a tower"]);
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        emulator.FailNext(1, EmulatedFault.ServerError());
        emulator.FailNext(1, EmulatedFault.ServerError());
        emulator.FailNext(1, EmulatedFault.ServerError());

        // The SDK retries a 500 twice: three faults make the first prompt fail for good.
        CliRun first = await RunAsync([.. Batch(file, server), "--concurrency", "1"]);
        CliRun second = await RunAsync([.. Batch(file, server), "--resume"]);
        CliRun third = await RunAsync([.. Batch(file, server), "--resume"]);

        Assert.Equal(1, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, third.ExitCode);
        Assert.Equal(
            ["a castle", "a castle", "a castle", "a bridge", "a tower", "a castle"],
            emulator.Requests.Select(r => r.Fields["prompt"]));
        Assert.Equal(3, OutFiles(".png").Length);
        Assert.Equal("--resume: 3 of 3 prompts are done in manifest.jsonl; sending the other 0.", third.ErrorLines[0]);
        Assert.All(third.StdoutLines, line => Assert.EndsWith(" (earlier run)", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resume_without_a_manifest_sends_every_prompt()
    {
        string file = Prompts(["a castle", "a bridge"]);

        CliRun run = await RunAsync("batch", file, "--resume", "--size", "1024x1024", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("--resume: no manifest.jsonl in ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(2, OutFiles(".png").Length);
        Assert.Equal(2, ReadManifest().Length);
    }

    [Fact]
    public async Task Resume_with_a_broken_manifest_exits_2_naming_the_line_and_sends_nothing()
    {
        string file = Prompts(["a castle"]);
        Directory.CreateDirectory(OutDir);
        File.WriteAllLines(ManifestPath, ["{\"index\":1,\"prompt\":\"a castle\",\"status\":\"ok\",\"files\":[]}", "not json"]);

        CliRun run = await RunAsync("batch", file, "--resume", "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: --resume: line 2 of {ManifestPath} is not a manifest line", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(OutFiles(".png"));
    }

    [Fact]
    public async Task Waiting_on_the_client_side_rate_limit_is_reported_and_ctrl_c_then_exits_130()
    {
        // dall-e-3 is limited to 5 images a minute by default: the sixth prompt waits.
        string file = Prompts([.. Enumerable.Range(1, 6).Select(i => $"harbour number {i}")]);
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        using var cancellation = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new SignallingWriter("for the client-side rate limit");

        Task<int> running = CliApp.RunAsync([.. Batch(file, server), "--model", "dall-e-3", "--concurrency", "1"], stdout, stderr, NoEnvironment, cancellation.Token);
        await Task.WhenAny(stderr.Seen, running);
        Assert.True(stderr.Seen.IsCompleted, "No rate-limit line was written.");
        await cancellation.CancelAsync();

        Assert.Equal(130, await running);
        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Matches(@"^Waiting about \d+ s for the client-side rate limit of dall-e-3\.$", Assert.Single(lines, l => l.StartsWith("Waiting", StringComparison.Ordinal)));
        Assert.Equal(5, emulator.Requests.Count);
        Assert.Equal(5, ReadManifest().Length);
        Assert.Equal(5, OutFiles(".png").Length);
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

    [Theory]
    [InlineData("0")]
    [InlineData("17")]
    public async Task Concurrency_out_of_range_exits_2(string concurrency)
    {
        string file = Prompts(["a castle"]);

        CliRun run = await RunAsync("batch", file, "--concurrency", concurrency, "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: --concurrency must be between 1 and 16; got {concurrency}", Assert.Single(run.StderrLines));
        Assert.Empty(OutFiles(string.Empty));
    }

    private string ManifestPath => Path.Combine(OutDir, "manifest.jsonl");

    private string Prompts(string[] lines)
    {
        string file = Path.Combine(Root, "prompts.txt");
        File.WriteAllLines(file, lines);
        return file;
    }

    [Fact]
    public async Task Batch_api_sends_every_prompt_as_one_batch_job_and_saves_each_prompts_image()
    {
        string file = Prompts(["a red fox", "a blue whale"]);
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { BatchPollsToComplete = 1 });
        emulator.FailBatchRequest("prompt-0002", EmulatedFault.ContentPolicy());
        await using EmulatorServer server = await emulator.StartServerAsync();

        CliRun run = await RunAsync([.. Batch(file, server), "--batch-api"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["POST /v1/files", "POST /v1/batches"], emulator.Requests.Take(2).Select(r => $"{r.Method} {r.Path}"));
        Assert.DoesNotContain(emulator.Requests, r => r.Path.StartsWith("/v1/images/", StringComparison.Ordinal));
        string id = File.ReadAllText(Path.Combine(OutDir, "batch-id.txt")).Trim();
        Assert.StartsWith("batch_", id, StringComparison.Ordinal);
        Assert.Equal($"[1/2] ok \"a red fox\": {Path.Combine(OutDir, "prompt-0001-0.png")}", run.StdoutLines[0]);
        Assert.StartsWith("[2/2] failed \"a blue whale\": ", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Contains("moderation_blocked", run.StdoutLines[1], StringComparison.Ordinal);
        Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(Path.Combine(OutDir, "prompt-0001-0.png"))));
        Assert.Contains($"Batch {id}: completed, 1 done and 1 failed of 2.", run.ErrorLines);
        Assert.Equal("1 of 2 prompts failed.", run.ErrorLines[^1]);
    }

    [Fact]
    public async Task Batch_api_resume_picks_up_the_submitted_job_without_sending_the_prompts_again()
    {
        string file = Prompts(["a red fox"]);
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { BatchPollsToComplete = 1 });
        await using EmulatorServer server = await emulator.StartServerAsync();
        Assert.Equal(0, (await RunAsync([.. Batch(file, server), "--batch-api"])).ExitCode);
        File.Delete(Path.Combine(OutDir, "prompt-0001-0.png"));

        CliRun run = await RunAsync([.. Batch(file, server), "--batch-api", "--resume"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(emulator.Requests, r => r.Path == "/v1/files");
        Assert.StartsWith("--resume: picking up batch batch_", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(OutDir, "prompt-0001-0.png")));
    }

    private string[] Batch(string file, EmulatorServer server) =>
        ["batch", file, "--size", "1024x1024", "--api-key", "sk-test", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir];

    // The manifest is a journal: the last line of each prompt tells what became of it.
    private JsonElement[] ReadManifest() =>
        File.ReadAllLines(ManifestPath).Select(line =>
        {
            using JsonDocument document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }).GroupBy(e => e.GetProperty("index").GetInt32()).OrderBy(g => g.Key).Select(g => g.Last()).ToArray();
}
