using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli.Tests;

/// <summary>The tool against Azure OpenAI: the emulator's Azure mode on Kestrel at 127.0.0.1, reached through AZURE_OPENAI_ENDPOINT.</summary>
public sealed class AzureTests : CliTestBase, IAsyncLifetime
{
    private const string Key = "azure-cli-key-0123456789";

    private readonly ImagesEmulator _emulator = new(new ImagesEmulatorOptions { Azure = true, ApiKey = Key }.AddDeployment("images-prod", "gpt-image-2"));
    private EmulatorServer? _server;

    private string Endpoint => _server!.BaseAddress.AbsoluteUri;

    public async Task InitializeAsync() => _server = await _emulator.StartServerAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private Func<string, string?> Environment(params (string Name, string Value)[] more)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["AZURE_OPENAI_ENDPOINT"] = Endpoint, ["AZURE_OPENAI_API_KEY"] = Key };
        foreach ((string name, string value) in more)
        {
            variables[name] = value;
        }

        return name => variables.GetValueOrDefault(name);
    }

    [Fact]
    public async Task The_deployment_form_saves_the_image_and_its_filter_results_and_says_it_talks_to_azure()
    {
        CliRun run = await RunAsync(
            ["generate", "a lighthouse", "--deployment", "images-prod", "--azure-model", "gpt-image-2", "--size", "1024x1024", "--quality", "low", "--out", OutDir],
            Environment());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"Azure OpenAI at {Endpoint} (deployment images-prod, api-version 2024-10-21)."], run.NoticeLines);
        string image = Assert.Single(run.StdoutLines);
        Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(image)));
        EmulatedRequest sent = Assert.Single(_emulator.Requests);
        Assert.Equal("/openai/deployments/images-prod/images/generations", sent.Path);
        Assert.Equal("?api-version=2024-10-21", sent.Query);
        Assert.False(sent.Headers.ContainsKey("Authorization"));

        JsonElement metadata = ReadMetadata(image);
        Assert.True(Guid.TryParse(metadata.GetProperty("request_id").GetString(), out _));
        Assert.Equal(
            "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}",
            Compact(metadata.GetProperty("content_filter_results")));
        Assert.Equal("{\"filtered\":false,\"detected\":false}", Compact(metadata.GetProperty("prompt_filter_results").GetProperty("profanity")));
    }

    [Fact]
    public async Task The_api_version_comes_from_the_flag_else_openai_api_version()
    {
        CliRun fromEnvironment = await RunAsync(["generate", "x", "--deployment", "images-prod", "--out", OutDir], Environment(("OPENAI_API_VERSION", "2025-04-01-preview")));
        CliRun fromFlag = await RunAsync(
            ["generate", "x", "--deployment", "images-prod", "--api-version", "2025-06-01", "--out", OutDir],
            Environment(("OPENAI_API_VERSION", "2025-04-01-preview")));

        Assert.Equal(0, fromEnvironment.ExitCode);
        Assert.Equal(0, fromFlag.ExitCode);
        Assert.Equal(["?api-version=2025-04-01-preview", "?api-version=2025-06-01"], [_emulator.Requests[0].Query, _emulator.Requests[1].Query]);
        Assert.Contains("api-version 2025-06-01).", fromFlag.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_deployment_the_v1_form_takes_model_as_the_deployment_and_the_key_flag_wins()
    {
        CliRun run = await RunAsync(
            ["generate", "a lighthouse", "--model", "images-prod", "--api-key", Key, "--size", "1024x1024", "--out", OutDir],
            Environment(("AZURE_OPENAI_API_KEY", "azure-some-other-key")));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"Azure OpenAI at {Endpoint} (v1 API, the deployment named by --model)."], run.NoticeLines);
        EmulatedRequest sent = Assert.Single(_emulator.Requests);
        Assert.Equal("/openai/v1/images/generations", sent.Path);
        Assert.Equal(string.Empty, sent.Query);
        Assert.Equal("images-prod", sent.Fields["model"]);
        Assert.True(ReadMetadata(Assert.Single(run.StdoutLines)).TryGetProperty("content_filter_results", out _));
    }

    [Fact]
    public async Task The_azure_model_flag_checks_requests_against_that_model_before_sending()
    {
        CliRun run = await RunAsync(["generate", "x", "--deployment", "art", "--azure-model", "dall-e-3", "--n", "2", "--out", OutDir], Environment());

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: The request was not sent: n 2 is out of range; dall-e-3 creates exactly 1 image", run.NoticeLines[^1], StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task A_content_filter_refusal_exits_1_with_one_error_line_and_saves_nothing()
    {
        _emulator.FailNext(1, EmulatedFault.ContentFilter("violence"));

        CliRun run = await RunAsync(["generate", "a battle", "--deployment", "images-prod", "--out", OutDir], Environment());

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.NoticeLines.Length);
        Assert.StartsWith("Azure OpenAI at ", run.NoticeLines[0], StringComparison.Ordinal);
        Assert.StartsWith("error: The Images API answered 400", run.NoticeLines[1], StringComparison.Ordinal);
        Assert.Contains("contentFilter", run.NoticeLines[1], StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.Empty(OutFiles(".png"));
    }

    [Fact]
    public async Task A_wrong_azure_key_exits_1_without_showing_it()
    {
        CliRun run = await RunAsync(["generate", "x", "--deployment", "images-prod", "--out", OutDir], Environment(("AZURE_OPENAI_API_KEY", "azure-wrong-key-55555")));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: The Images API answered 401", run.NoticeLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("azure-wrong-key-55555", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_openai_key_is_not_sent_to_azure()
    {
        CliRun run = await RunAsync(
            ["generate", "x", "--deployment", "images-prod", "--out", OutDir],
            name => name switch { "AZURE_OPENAI_ENDPOINT" => Endpoint, "OPENAI_API_KEY" => "sk-openai-secret", _ => null });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("AZURE_OPENAI_API_KEY", Assert.Single(run.NoticeLines), StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task With_no_key_at_all_the_tool_runs_on_the_offline_emulator_as_before()
    {
        CliRun run = await RunAsync(["generate", "x", "--size", "1024x1024", "--out", OutDir], name => name == "AZURE_OPENAI_ENDPOINT" ? Endpoint : null);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([Connection.OfflineNotice], run.NoticeLines);
        Assert.Empty(_emulator.Requests);
    }

    [Theory]
    [InlineData("--deployment", "images-prod")]
    [InlineData("--azure-model", "gpt-image-2")]
    [InlineData("--api-version", "2024-10-21")]
    public async Task An_azure_flag_without_azure_openai_endpoint_is_a_usage_error(string flag, string value)
    {
        CliRun run = await RunAsync(["generate", "x", flag, value, "--api-key", "sk-test", "--out", OutDir], NoEnvironment);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {flag} is for Azure OpenAI: set AZURE_OPENAI_ENDPOINT to your resource's endpoint, such as https://my-resource.openai.azure.com/", Assert.Single(run.NoticeLines));
    }

    [Fact]
    public async Task A_base_url_or_an_api_version_without_a_deployment_is_a_usage_error_on_azure()
    {
        CliRun baseUrl = await RunAsync(["generate", "x", "--base-url", "http://127.0.0.1:1/v1/", "--out", OutDir], Environment());
        CliRun version = await RunAsync(["generate", "x", "--api-version", "2024-10-21", "--out", OutDir], Environment());

        Assert.Equal(2, baseUrl.ExitCode);
        Assert.Contains("AZURE_OPENAI_ENDPOINT", Assert.Single(baseUrl.StderrLines), StringComparison.Ordinal);
        Assert.Equal(2, version.ExitCode);
        Assert.Equal("error: --api-version needs --deployment: the v1 API takes no api-version", Assert.Single(version.StderrLines));
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task A_batch_goes_to_the_deployment_too()
    {
        string prompts = Path.Combine(Root, "prompts.txt");
        await File.WriteAllLinesAsync(prompts, ["a fox", "a hen"]);

        CliRun run = await RunAsync(["batch", prompts, "--deployment", "images-prod", "--size", "1024x1024", "--out", OutDir], Environment());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, _emulator.Requests.Count);
        Assert.All(_emulator.Requests, r => Assert.Equal("/openai/deployments/images-prod/images/generations", r.Path));
        Assert.All(OutFiles(".png"), image => Assert.True(ReadMetadata(image).TryGetProperty("prompt_filter_results", out _)));
        Assert.Equal(2, OutFiles(".png").Length);
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
