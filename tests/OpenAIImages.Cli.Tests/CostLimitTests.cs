using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli.Tests;

/// <summary>--max-cost refuses before anything is sent when the SDK's estimate is over it or unknown; batch prints its estimated total first and sums what its results cost.</summary>
public sealed class CostLimitTests : CliTestBase
{
    [Fact]
    public async Task Generate_over_the_limit_is_refused_with_exit_2_and_nothing_sent()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();

        // gpt-image-2 1024x1024 high: $0.211 an image, plus "a red fox" 9 bytes + 64 = 73 text tokens x $5/1M = $0.000365.
        CliRun run = await RunAsync(Online(server, "generate", "a red fox", "--size", "1024x1024", "--quality", "high", "--max-cost", "0.2"));

        Assert.Equal(2, run.ExitCode);
        string error = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: the estimated cost (gpt-image-2: ", error, StringComparison.Ordinal);
        Assert.Contains("is at most 0.211365 USD, over --max-cost 0.2 USD; nothing was sent", error, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
        Assert.Empty(OutFiles(".png"));
    }

    [Fact]
    public async Task Generate_within_the_limit_is_sent_and_prints_what_it_cost()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();

        CliRun run = await RunAsync(Online(server, "generate", "a red fox", "--size", "1024x1024", "--quality", "high", "--max-cost", "0.25"));

        Assert.Equal(0, run.ExitCode);
        Assert.Single(emulator.Requests);
        Assert.Single(run.StdoutLines);
        Assert.Matches(@"^Cost: \d+(\.\d+)? USD \(from the usage the service reported\)\.$", Assert.Single(run.CostLines));
    }

    [Fact]
    public async Task A_model_without_a_price_is_refused_since_the_limit_cannot_be_checked()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();

        CliRun run = await RunAsync(Online(server, "generate", "a red fox", "--model", "gpt-image-2.5-sunburst", "--max-cost", "100"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is unknown: the SDK has no price for it, so --max-cost 100 USD cannot be kept; nothing was sent", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task An_edit_over_the_limit_is_refused_before_its_images_are_sent()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "room.png"), 64, 64);

        CliRun run = await RunAsync(Online(server, "edit", "add a sofa", "--image", input, "--image", input, "--size", "1024x1024", "--quality", "low", "--max-cost", "0.01"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("input images (files not read", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task A_streamed_generation_within_the_limit_prints_the_completed_images_cost()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();

        CliRun run = await RunAsync(Online(server, "generate", "a red fox", "--size", "1024x1024", "--quality", "low", "--stream", "--partial-images", "1", "--max-cost", "1"));

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Cost: ", Assert.Single(run.CostLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_cost_must_be_an_amount()
    {
        CliRun run = await RunAsync("generate", "a fox", "--max-cost", "cheap", "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--max-cost takes an amount in USD such as 0.50; got 'cheap'", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_over_the_limit_prints_its_estimate_and_is_refused_whole_before_anything_is_sent()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        string file = Prompts("a red fox", "a blue whale", "a green owl");

        // 3 x gpt-image-2 1024x1024 low: 3 x $0.006 = $0.018; the prompts' text at most (9 + 64) + (12 + 64) + (11 + 64)
        // = 224 tokens x $5/1M = $0.00112. Total $0.01912, over the limit of $0.018.
        CliRun run = await RunAsync(Online(server, "batch", file, "--size", "1024x1024", "--quality", "low", "--max-cost", "0.018"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Estimated cost: at most 0.01912 USD for 3 prompt(s).", Assert.Single(run.CostLines));
        Assert.Contains("the estimated cost of the 3 prompt(s) is at most", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
        Assert.False(File.Exists(Path.Combine(OutDir, "manifest.jsonl")));
    }

    [Fact]
    public async Task A_batch_records_each_results_cost_in_the_manifest_and_prints_their_sum()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        string file = Prompts("a red fox", "a blue whale");

        CliRun run = await RunAsync(Online(server, "batch", file, "--size", "1024x1024", "--quality", "low", "--max-cost", "1"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, emulator.Requests.Count);
        decimal[] costs = File.ReadAllLines(Path.Combine(OutDir, "manifest.jsonl")).Select(line =>
        {
            using JsonDocument document = JsonDocument.Parse(line);
            Assert.Equal("USD", document.RootElement.GetProperty("currency").GetString());
            return document.RootElement.GetProperty("cost").GetDecimal();
        }).ToArray();
        Assert.Equal(2, costs.Length);
        Assert.All(costs, cost => Assert.True(cost > 0));
        Assert.Equal(
            $"Cost: {costs.Sum().ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)} USD for 2 result(s).",
            run.CostLines[^1]);
    }

    [Fact]
    public async Task A_batch_api_run_estimates_and_sums_at_the_batch_apis_half_prices()
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { BatchPollsToComplete = 1 });
        await using EmulatorServer server = await emulator.StartServerAsync();
        string file = Prompts("a red fox");

        CliRun run = await RunAsync(Online(server, "batch", file, "--size", "1024x1024", "--quality", "low", "--batch-api"));

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("for 1 prompt(s) at the Batch API's half prices.", run.CostLines[0], StringComparison.Ordinal);
        Assert.Matches(@"^Cost: \d+(\.\d+)? USD for 1 result\(s\) at the Batch API's prices\.$", run.CostLines[^1]);
    }

    private string Prompts(params string[] lines)
    {
        string file = Path.Combine(Root, "prompts.txt");
        File.WriteAllLines(file, lines);
        return file;
    }

    private string[] Online(EmulatorServer server, params string[] args) =>
        [.. args, "--api-key", "sk-test", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir];
}
