using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Tests;

/// <summary>openai-images serve with its scripting flags, driven over HTTP by the tool's own generate command and by a plain client.</summary>
public sealed class ServeCommandTests : CliTestBase
{
    [Fact]
    public async Task Serve_with_a_fault_schedule_answers_429_then_200_and_generate_retries_to_success()
    {
        await using ServeRun serve = await ServeRun.StartAsync("--fault", "429:retry-after=0");

        CliRun run = await RunAsync(["generate", "a lighthouse", "--size", "1024x1024", "--quality", "low", "--api-key", "anything", "--base-url", serve.BaseUrl, "--out", OutDir], NoEnvironment);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(Assert.Single(run.StdoutLines))));
    }

    [Fact]
    public async Task Serve_with_more_429s_than_generate_retries_makes_generate_fail_with_the_rate_limit()
    {
        await using ServeRun serve = await ServeRun.StartAsync("--fault", "429:retry-after=0*3");

        CliRun run = await RunAsync(["generate", "a lighthouse", "--size", "1024x1024", "--quality", "low", "--api-key", "anything", "--base-url", serve.BaseUrl, "--out", OutDir], NoEnvironment);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("429", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(OutFiles(".png"));
    }

    [Fact]
    public async Task Serve_with_images_per_minute_answers_the_services_429_with_its_headers_past_the_limit()
    {
        await using ServeRun serve = await ServeRun.StartAsync("--images-per-minute", "1", "--latency", "none");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-any");

        using HttpResponseMessage first = await PostAsync(http, serve.BaseUrl);
        using HttpResponseMessage second = await PostAsync(http, serve.BaseUrl);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("0", first.Headers.GetValues("x-ratelimit-remaining-images").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("on images per minute (IPM): Limit 1", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fault", "429,teapot", "'teapot'")]
    [InlineData("--latency", "soon", "'soon'")]
    [InlineData("--images-per-minute", "0", "--images-per-minute must be 1 or more")]
    public async Task Serve_refuses_a_bad_script_with_a_usage_error_naming_it(string flag, string value, string named)
    {
        CliRun run = await RunAsync("serve", flag, value);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", run.Stderr, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string baseUrl) =>
        http.PostAsync(
            new Uri(new Uri(baseUrl), "images/generations"),
            new StringContent("""{"model":"gpt-image-1","prompt":"p","quality":"low","size":"1024x1024"}""", System.Text.Encoding.UTF8, "application/json"));

    /// <summary>The serve command running in-process until disposed, with the URL it printed.</summary>
    private sealed class ServeRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task<int> _running;

        private ServeRun(CancellationTokenSource stop, Task<int> running, string baseUrl)
        {
            _stop = stop;
            _running = running;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }

        public static async Task<ServeRun> StartAsync(params string[] flags)
        {
            var stop = new CancellationTokenSource();
            var stdout = new SignallingWriter("http://127.0.0.1:");
            var stderr = new StringWriter();
            Task<int> running = CliApp.RunAsync(["serve", "--port", "0", .. flags], stdout, stderr, NoEnvironment, stop.Token);
            Task first = await Task.WhenAny(stdout.Seen, running);
            Assert.True(first == stdout.Seen, $"serve ended before printing its URL: {stderr}");
            return new ServeRun(stop, running, stdout.ToString().Split('\n')[0].Trim());
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            Assert.Equal(ExitCodes.Success, await _running);
            _stop.Dispose();
        }
    }
}
