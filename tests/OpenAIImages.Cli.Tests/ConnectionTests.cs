using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli.Tests;

public sealed class ConnectionTests : CliTestBase
{
    [Fact]
    public async Task A_key_and_base_url_from_the_environment_send_to_that_server_without_the_offline_notice()
    {
        // The emulator accepts only this key, so a success shows the key from the environment was sent.
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = "sk-test-environment" });
        await using EmulatorServer server = await emulator.StartServerAsync();
        Func<string, string?> environment = name => name switch
        {
            "OPENAI_API_KEY" => "sk-test-environment",
            "OPENAI_BASE_URL" => server.BaseAddress.AbsoluteUri,
            _ => null,
        };

        CliRun run = await RunAsync(
            ["generate", "a served image", "--size", "1024x1024", "--quality", "low", "--background", "opaque", "--moderation", "low", "--user", "user-7", "--out", OutDir],
            environment);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.ErrorLines);
        Assert.Equal(["generating: started."], run.ProgressLines[..1]);
        Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(Assert.Single(run.StdoutLines))));
        EmulatedRequest request = Assert.Single(emulator.Requests);
        Assert.Equal("/v1/images/generations", request.Path);
        Assert.Equal("gpt-image-2", request.Fields["model"]);
        Assert.Equal("a served image", request.Fields["prompt"]);
        Assert.Equal("1024x1024", request.Fields["size"]);
        Assert.Equal("low", request.Fields["quality"]);
        Assert.Equal("opaque", request.Fields["background"]);
        Assert.Equal("low", request.Fields["moderation"]);
        Assert.Equal("user-7", request.Fields["user"]);
    }

    [Fact]
    public async Task An_api_error_exits_1_with_one_line_giving_status_code_and_message()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        emulator.FailNext(1, EmulatedFault.ContentPolicy());

        CliRun run = await RunAsync("generate", "a prompt", "--api-key", "sk-test", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.NoticeLines);
        Assert.StartsWith("error: The Images API answered 400", line, StringComparison.Ordinal);
        Assert.Contains("moderation_blocked", line, StringComparison.Ordinal);
        Assert.Contains("safety system", line, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.Empty(OutFiles(".png"));
    }

    [Fact]
    public async Task A_rejected_api_key_exits_1()
    {
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = "sk-the-right-one" });
        await using EmulatorServer server = await emulator.StartServerAsync();

        CliRun run = await RunAsync("generate", "a prompt", "--api-key", "sk-a-wrong-one", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.NoticeLines);
        Assert.StartsWith("error: The Images API answered 401", line, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-a-wrong-one", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_exits_1_with_one_line()
    {
        CliRun run = await RunAsync("generate", "a prompt", "--api-key", "sk-test", "--base-url", "http://127.0.0.1:1/v1/", "--out", OutDir);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.NoticeLines);
        Assert.StartsWith("error: Could not reach the server: ", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Serve_prints_its_base_url_and_serves_requests_until_cancelled()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stdoutText = new StringWriter();
        using var stderrText = new StringWriter();
        TextWriter stdout = TextWriter.Synchronized(stdoutText);
        TextWriter stderr = TextWriter.Synchronized(stderrText);
        Task<int> serve = CliApp.RunAsync(["serve", "--port", "0"], stdout, stderr, NoEnvironment, cancellation.Token);

        string baseUrl = await FirstLineAsync(stdout, stdoutText, serve);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/", baseUrl);
        CliRun run = await RunAsync(["generate", "a lighthouse", "--size", "1024x1024", "--api-key", "anything", "--base-url", baseUrl, "--out", OutDir], NoEnvironment);
        await cancellation.CancelAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.StdoutLines);
        Assert.Equal(0, await serve);
        Assert.Contains("Press Ctrl+C to stop.", stderrText.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> FirstLineAsync(TextWriter writer, StringWriter text, Task<int> running)
    {
        for (int i = 0; i < 500; i++)
        {
            string written;
            lock (writer)
            {
                written = text.ToString();
            }

            int end = written.IndexOf('\n', StringComparison.Ordinal);
            if (end >= 0)
            {
                return written[..end].TrimEnd('\r');
            }

            Assert.False(running.IsCompleted, "serve ended before printing its URL.");
            await Task.Delay(20);
        }

        throw new TimeoutException("serve printed no URL within 10 s.");
    }
}
