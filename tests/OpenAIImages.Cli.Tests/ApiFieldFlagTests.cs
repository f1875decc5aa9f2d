using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli.Tests;

/// <summary>The flags for the newer API fields reach the request; a hosted emulator records what was sent.</summary>
/// <remarks>
/// gpt-image-2.5-sunburst is known to the SDK (so its checks apply) but not to the emulator, which then applies only
/// the common checks; it answers gif and svg output with a real GIF or SVG.
/// </remarks>
public sealed class ApiFieldFlagTests : CliTestBase
{
    private const string Model25 = "gpt-image-2.5-sunburst";

    [Fact]
    public async Task Generate_sends_each_shared_flag_as_its_field()
    {
        (CliRun run, EmulatedRequest request) = await SendAsync(
            "generate", "a quiet pond", "--size", "1024x1536", "--quality", "low", "--n", "2", "--background", "opaque", "--output-format", "webp",
            "--output-compression", "50", "--moderation", "low", "--safety-identifier", "hashed-7", "--user", "user-7");

        // The emulator answers in WebP, saved under the format's own extension.
        Assert.Equal(0, run.ExitCode);
        Assert.All(run.StdoutLines, line => Assert.EndsWith(".webp", line, StringComparison.Ordinal));
        Assert.Equal("gpt-image-2", request.Fields["model"]);
        Assert.Equal("1024x1536", request.Fields["size"]);
        Assert.Equal("low", request.Fields["quality"]);
        Assert.Equal("2", request.Fields["n"]);
        Assert.Equal("opaque", request.Fields["background"]);
        Assert.Equal("webp", request.Fields["output_format"]);
        Assert.Equal("50", request.Fields["output_compression"]);
        Assert.Equal("low", request.Fields["moderation"]);
        Assert.Equal("hashed-7", request.Fields["safety_identifier"]);
        Assert.Equal("user-7", request.Fields["user"]);
        Assert.False(request.Fields.ContainsKey("style"));
        Assert.False(request.Fields.ContainsKey("stream"));
    }

    [Fact]
    public async Task Generate_for_dall_e_3_sends_style_and_response_format()
    {
        (CliRun run, EmulatedRequest request) = await SendAsync(
            "generate", "a harbour", "--model", "dall-e-3", "--style", "natural", "--response-format", "b64_json", "--quality", "hd", "--size", "1024x1024");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("dall-e-3", request.Fields["model"]);
        Assert.Equal("natural", request.Fields["style"]);
        Assert.Equal("b64_json", request.Fields["response_format"]);
        Assert.Equal("hd", request.Fields["quality"]);
    }

    [Fact]
    public async Task Edit_sends_input_fidelity_and_the_shared_flags_as_form_parts()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "room.png"), 64, 64);

        (CliRun run, EmulatedRequest request) = await SendAsync(
            "edit", "add a lamp", "--image", input, "--model", "gpt-image-1", "--input-fidelity", "high", "--quality", "medium", "--n", "2", "--background", "transparent",
            "--output-format", "png", "--safety-identifier", "hashed-8", "--size", "1024x1024");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Equal("high", request.Fields["input_fidelity"]);
        Assert.Equal("medium", request.Fields["quality"]);
        Assert.Equal("2", request.Fields["n"]);
        Assert.Equal("transparent", request.Fields["background"]);
        Assert.Equal("png", request.Fields["output_format"]);
        Assert.Equal("hashed-8", request.Fields["safety_identifier"]);
        Assert.Equal("gpt-image-1", request.Fields["model"]);
        Assert.Equal("1024x1024", request.Fields["size"]);
        Assert.Equal("add a lamp", request.Fields["prompt"]);
    }

    [Fact]
    public async Task Variation_sends_its_five_fields_with_dall_e_2_by_default()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "logo.png"), 256, 256);

        (CliRun run, EmulatedRequest request) = await SendAsync(
            "variation", "--image", input, "--size", "256x256", "--n", "2", "--response-format", "b64_json", "--user", "user-9");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Equal("/v1/images/variations", request.Path);
        Assert.Equal("dall-e-2", request.Fields["model"]);
        Assert.Equal("256x256", request.Fields["size"]);
        Assert.Equal("2", request.Fields["n"]);
        Assert.Equal("b64_json", request.Fields["response_format"]);
        Assert.Equal("user-9", request.Fields["user"]);
        Assert.Equal(["image"], request.Files.Select(f => f.Name));
    }

    [Fact]
    public async Task Complexity_is_sent_with_generate_and_the_image_is_saved()
    {
        (CliRun run, EmulatedRequest request) = await SendAsync("generate", "a busy market", "--model", Model25, "--output-format", "png", "--complexity", "high");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(Assert.Single(run.StdoutLines))));
        Assert.Equal("/v1/images/generations", request.Path);
        Assert.Equal(Model25, request.Fields["model"]);
        Assert.Equal("png", request.Fields["output_format"]);
        Assert.Equal("high", request.Fields["complexity"]);
        Assert.False(request.Fields.ContainsKey("frame_count"));
        Assert.False(request.Fields.ContainsKey("svg"));
    }

    [Fact]
    public async Task Frame_count_and_duration_are_sent_for_gif_output()
    {
        (CliRun run, EmulatedRequest request) = await SendAsync(
            "generate", "a spinning coin", "--model", Model25, "--output-format", "gif", "--frame-count", "4", "--frame-duration-ms", "120", "--complexity", "low");

        Assert.Equal("gif", request.Fields["output_format"]);
        Assert.Equal("4", request.Fields["frame_count"]);
        Assert.Equal("120", request.Fields["frame_duration_ms"]);
        Assert.Equal("low", request.Fields["complexity"]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("GIF89a", File.ReadAllText(Assert.Single(run.StdoutLines), System.Text.Encoding.Latin1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Svg_model_and_reasoning_effort_are_sent_as_the_svg_object()
    {
        (CliRun run, EmulatedRequest request) = await SendAsync(
            "generate", "a logo", "--model", Model25, "--output-format", "svg", "--svg-model", "gpt-5-mini", "--svg-reasoning-effort", "low");

        Assert.Equal("svg", request.Fields["output_format"]);
        using JsonDocument svg = JsonDocument.Parse(request.Fields["svg"]);
        Assert.Equal("gpt-5-mini", svg.RootElement.GetProperty("model").GetString());
        Assert.Equal("low", svg.RootElement.GetProperty("reasoning").GetProperty("effort").GetString());
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("<svg ", File.ReadAllText(Assert.Single(run.StdoutLines)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Svg_reasoning_effort_alone_makes_an_svg_object_without_a_model()
    {
        (_, EmulatedRequest request) = await SendAsync("generate", "a logo", "--model", Model25, "--output-format", "svg", "--svg-reasoning-effort", "high");

        using JsonDocument svg = JsonDocument.Parse(request.Fields["svg"]);
        Assert.False(svg.RootElement.TryGetProperty("model", out _));
        Assert.Equal("high", svg.RootElement.GetProperty("reasoning").GetProperty("effort").GetString());
    }

    [Fact]
    public async Task Edit_uploads_the_markup_file_and_sends_complexity()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "room.png"), 64, 64);
        string markup = TinyPng.WriteMask(Path.Combine(Root, "markup.png"), 64, 64);

        (CliRun run, EmulatedRequest request) = await SendAsync(
            "edit", "make the circled lamp red", "--image", input, "--markup", markup, "--model", Model25, "--complexity", "medium", "--size", "1024x1024");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(Assert.Single(run.StdoutLines))));
        Assert.Equal("/v1/images/edits", request.Path);
        Assert.StartsWith("multipart/form-data", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(["image", "markup"], request.Files.Select(f => f.Name));
        Assert.Equal("markup.png", request.Files[1].FileName);
        Assert.Equal("medium", request.Fields["complexity"]);
    }

    [Fact]
    public async Task Edit_sends_frame_and_svg_fields_as_form_parts()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "room.png"), 64, 64);

        (CliRun gif, EmulatedRequest gifRequest) = await SendAsync(
            "edit", "animate it", "--image", input, "--model", Model25, "--output-format", "gif", "--frame-count", "3", "--frame-duration-ms", "200");
        (CliRun svg, EmulatedRequest svgRequest) = await SendAsync(
            "edit", "trace it", "--image", input, "--model", Model25, "--output-format", "svg", "--svg-model", "gpt-5-mini", "--svg-reasoning-effort", "medium");

        Assert.Equal("3", gifRequest.Fields["frame_count"]);
        Assert.Equal("200", gifRequest.Fields["frame_duration_ms"]);
        Assert.Equal("gpt-5-mini", svgRequest.Fields["svg[model]"]);
        Assert.Equal("medium", svgRequest.Fields["svg[reasoning][effort]"]);
        Assert.Equal(0, gif.ExitCode);
        Assert.Equal(0, svg.ExitCode);
    }

    [Fact]
    public async Task Batch_sends_complexity_with_every_prompt()
    {
        string file = Path.Combine(Root, "prompts.txt");
        File.WriteAllLines(file, ["a red fox", "a blue whale"]);
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();

        CliRun run = await RunAsync(
            "batch", file, "--model", Model25, "--complexity", "high", "--size", "1024x1024", "--api-key", "sk-test", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.Equal("high", r.Fields["complexity"]));
    }

    [Fact]
    public async Task An_https_image_makes_a_json_edit_that_carries_moderation()
    {
        (CliRun run, EmulatedRequest request) = await SendAsync(
            "edit", "make it night", "--image", "https://example.com/a.png", "--moderation", "low", "--size", "1024x1024");

        // The emulator does not fetch the URL: it accepts the reference and draws an image.
        Assert.Equal(0, run.ExitCode);
        Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(Assert.Single(run.StdoutLines))));
        Assert.Equal("/v1/images/edits", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Empty(request.Files);
        Assert.Equal("low", request.Fields["moderation"]);
        using JsonDocument images = JsonDocument.Parse(request.Fields["images"]);
        Assert.Equal("https://example.com/a.png", Assert.Single(images.RootElement.EnumerateArray()).GetProperty("image_url").GetString());
    }

    [Fact]
    public async Task A_file_id_that_is_no_local_file_is_sent_as_a_file_id()
    {
        (CliRun run, EmulatedRequest request) = await SendAsync("edit", "make it night", "--image", "file-abc123", "--image", "https://example.com/b.png");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument images = JsonDocument.Parse(request.Fields["images"]);
        JsonElement[] items = images.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal("file-abc123", items[0].GetProperty("file_id").GetString());
        Assert.Equal("https://example.com/b.png", items[1].GetProperty("image_url").GetString());
    }

    [Fact]
    public async Task A_mask_url_goes_with_url_images_in_the_json_edit()
    {
        (CliRun run, EmulatedRequest request) = await SendAsync("edit", "fill the hole", "--image", "https://example.com/a.png", "--mask", "https://example.com/mask.png");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument mask = JsonDocument.Parse(request.Fields["mask"]);
        Assert.Equal("https://example.com/mask.png", mask.RootElement.GetProperty("image_url").GetString());
    }

    [Theory]
    [InlineData("--moderation low", "moderation applies only to edits from image references")]
    [InlineData("--markup MARKUP", "markup is not supported by gpt-image-2")]
    [InlineData("--frame-count 4", "frame_count applies to output_format gif only")]
    [InlineData("--svg-model gpt-5-mini", "svg settings apply to output_format svg only")]
    [InlineData("--complexity high --model gpt-image-1.5", "complexity is not supported by gpt-image-1.5")]
    public async Task Edit_flags_the_sdk_rejects_exit_2_with_its_message(string flags, string expected)
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "room.png"), 64, 64);
        string markup = TinyPng.WriteMask(Path.Combine(Root, "markup.png"), 64, 64);
        string[] extra = flags.Replace("MARKUP", markup, StringComparison.Ordinal).Split(' ');

        CliRun run = await RunAsync(["edit", "a prompt", "--image", input, .. extra, "--out", OutDir]);

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: The request was not sent: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(OutFiles(string.Empty));
    }

    [Theory]
    [InlineData("http://example.com/a.png", "error: --image: 'http://example.com/a.png' is not an https URL; the API fetches images by https only")]
    [InlineData("https://exa mple.com/a.png", "error: --image: 'https://exa mple.com/a.png' is not a usable image URL: An image URL must be an https URL or a base64 data URL (data:image/png;base64,...).")]
    public async Task A_bad_image_url_exits_2_naming_the_flag(string url, string expected)
    {
        CliRun run = await RunAsync("edit", "a prompt", "--image", url, "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, Assert.Single(run.StderrLines));
    }

    private async Task<(CliRun Run, EmulatedRequest Request)> SendAsync(params string[] args)
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        CliRun run = await RunAsync([.. args, "--api-key", "sk-test", "--base-url", server.BaseAddress.AbsoluteUri, "--out", OutDir]);
        return (run, Assert.Single(emulator.Requests));
    }
}
