using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli.Tests;

public sealed class StreamingCommandTests : CliTestBase
{
    [Fact]
    public async Task Streaming_generate_offline_saves_each_partial_image_then_the_final_image_with_metadata()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 25, 9, 30, 5, TimeSpan.Zero));

        CliRun run = await RunAsync(
            ["generate", "a lighthouse at dusk", "--stream", "--partial-images", "2", "--size", "1536x1024", "--out", OutDir], NoEnvironment, clock: clock);

        Assert.Equal(0, run.ExitCode);
        string[] expected =
        [
            Path.Combine(OutDir, "20261125-093005-a-lighthouse-at-dusk-partial0.png"),
            Path.Combine(OutDir, "20261125-093005-a-lighthouse-at-dusk-partial1.png"),
            Path.Combine(OutDir, "20261125-093005-a-lighthouse-at-dusk-1.png"),
        ];
        Assert.Equal(expected, run.StdoutLines);
        foreach (string image in expected)
        {
            Assert.Equal((1536, 1024), TinyPng.ReadSize(File.ReadAllBytes(image)));
        }

        Assert.NotEqual(File.ReadAllBytes(expected[0]), File.ReadAllBytes(expected[2]));
        Assert.Equal(["(partial 0)", "(partial 1)"], run.ErrorLines);
        Assert.Equal(3, OutFiles(".png").Length);
        Assert.Equal([Path.ChangeExtension(expected[2], ".json")], OutFiles(".json"));

        JsonElement metadata = ReadMetadata(expected[2]);
        Assert.Equal("a lighthouse at dusk", metadata.GetProperty("prompt").GetString());
        Assert.Equal("gpt-image-2", metadata.GetProperty("model").GetString());
        Assert.Equal("1536x1024", metadata.GetProperty("size").GetString());
        Assert.Equal(Path.GetFileName(expected[2]), metadata.GetProperty("file").GetString());
        Assert.True(metadata.GetProperty("streamed").GetBoolean());
        Assert.True(metadata.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.True(metadata.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Streaming_edit_offline_saves_the_partial_image_and_the_edited_image()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "room.png"), 64, 64);

        CliRun run = await RunAsync("edit", "add a red sofa", "--image", input, "--stream", "--partial-images=1", "--size", "1024x1024", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Matches(@"-add-a-red-sofa-partial0\.png$", run.StdoutLines[0]);
        Assert.Matches(@"-add-a-red-sofa-1\.png$", run.StdoutLines[1]);
        foreach (string image in run.StdoutLines)
        {
            Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(image)));
        }

        Assert.Equal(["(partial 0)"], run.ErrorLines);
        JsonElement metadata = ReadMetadata(run.StdoutLines[1]);
        Assert.Equal("add a red sofa", metadata.GetProperty("prompt").GetString());
        Assert.True(metadata.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Single(OutFiles(".json"));
    }

    [Fact]
    public async Task Streaming_without_partial_images_saves_only_the_final_image()
    {
        CliRun run = await RunAsync("generate", "a quiet pond", "--stream", "--size", "1024x1024", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        string image = Assert.Single(run.StdoutLines);
        Assert.Matches(@"-a-quiet-pond-1\.png$", image);
        Assert.Empty(run.ErrorLines);
        Assert.Equal(2, OutFiles(string.Empty).Length);
    }

    [Fact]
    public async Task Streaming_sends_stream_and_partial_images_to_the_server()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();

        CliRun run = await RunAsync(
            "generate", "a served stream", "--stream", "--partial-images", "3", "--size", "1024x1024", "--api-key", "sk-test", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.StdoutLines.Length);
        Assert.Equal(["(partial 0)", "(partial 1)", "(partial 2)"], run.StderrLines);
        EmulatedRequest request = Assert.Single(emulator.Requests);
        Assert.Equal("true", request.Fields["stream"]);
        Assert.Equal("3", request.Fields["partial_images"]);
    }

    [Fact]
    public async Task Progress_is_cleared_before_each_partial_is_reported_when_stderr_is_a_terminal()
    {
        CliRun run = await RunAsync(["generate", "a spinner", "--stream", "--partial-images", "1", "--size", "1024x1024", "--out", OutDir], NoEnvironment, showProgress: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Contains("\r| generating 0s", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"\r +\r\(partial 0\)", run.Stderr);
        Assert.EndsWith("\r", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("edit")]
    public async Task Streaming_with_a_dall_e_model_exits_2_with_the_sdk_validation_message(string command)
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "square.png"), 64, 64);
        string model = command == "edit" ? "dall-e-2" : "dall-e-3";
        string[] image = command == "edit" ? ["--image", input] : [];

        CliRun run = await RunAsync([command, "a harbour", "--stream", "--model", model, .. image, "--out", OutDir]);

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: The request was not sent: stream is not supported by {model}; models that stream: ", line, StringComparison.Ordinal);
        Assert.Contains("gpt-image-2", line, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.Empty(OutFiles(string.Empty));
    }

    [Fact]
    public async Task Partial_images_out_of_range_exits_2_with_the_sdk_validation_message()
    {
        CliRun run = await RunAsync("generate", "a harbour", "--stream", "--partial-images", "4", "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: The request was not sent: partial_images 4 is out of range; allowed: 0 to 3.", Assert.Single(run.ErrorLines));
        Assert.Empty(OutFiles(string.Empty));
    }

    [Fact]
    public async Task A_stream_the_api_refuses_exits_1_with_one_line_and_saves_nothing()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        emulator.FailNext(1, EmulatedFault.ContentPolicy());

        CliRun run = await RunAsync(
            "generate", "a prompt", "--stream", "--partial-images", "1", "--api-key", "sk-test", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.StderrLines);
        Assert.StartsWith("error: The Images API answered 400", line, StringComparison.Ordinal);
        Assert.Contains("moderation_blocked", line, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.Empty(OutFiles(string.Empty));
    }
}
