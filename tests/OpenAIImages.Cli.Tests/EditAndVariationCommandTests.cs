using System;
using System.IO;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Tests;

public sealed class EditAndVariationCommandTests : CliTestBase
{
    [Fact]
    public async Task Edit_with_an_input_png_and_a_mask_saves_the_edited_image()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "room.png"), 64, 64);
        string mask = TinyPng.WriteMask(Path.Combine(Root, "mask.png"), 64, 64);

        CliRun run = await RunAsync("edit", "add a red sofa", "--image", input, "--mask", mask, "--size", "1024x1024", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        string image = Assert.Single(run.StdoutLines);
        Assert.Matches(@"-add-a-red-sofa-1\.png$", image);
        Assert.Equal((1024, 1024), TinyPng.ReadSize(File.ReadAllBytes(image)));
        Assert.Equal("add a red sofa", ReadMetadata(image).GetProperty("prompt").GetString());
        Assert.Equal("gpt-image-2", ReadMetadata(image).GetProperty("model").GetString());
    }

    [Fact]
    public async Task Edit_takes_several_input_images()
    {
        string first = TinyPng.WriteOpaque(Path.Combine(Root, "a.png"), 32, 48);
        string second = TinyPng.WriteOpaque(Path.Combine(Root, "b.png"), 48, 32);

        CliRun run = await RunAsync("edit", "combine them", "--image", first, "--image=" + second, "--size", "1024x1536", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal((1024, 1536), TinyPng.ReadSize(File.ReadAllBytes(Assert.Single(run.StdoutLines))));
    }

    [Fact]
    public async Task Variation_with_dall_e_2_saves_a_variation_of_the_input()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "logo.png"), 256, 256);

        CliRun run = await RunAsync("variation", "--image", input, "--model", "dall-e-2", "--size", "256x256", "--out", OutDir);

        Assert.Equal(0, run.ExitCode);
        string image = Assert.Single(run.StdoutLines);
        Assert.Matches(@"-variation-logo-1\.png$", image);
        Assert.Equal((256, 256), TinyPng.ReadSize(File.ReadAllBytes(image)));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ReadMetadata(image).GetProperty("prompt").ValueKind);
        Assert.Equal("dall-e-2", ReadMetadata(image).GetProperty("model").GetString());
    }

    [Fact]
    public async Task Edit_without_an_image_exits_2_with_one_line()
    {
        CliRun run = await RunAsync("edit", "add a sofa", "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: edit needs at least one --image FILE", Assert.Single(run.StderrLines));
        Assert.Empty(OutFiles(string.Empty));
    }

    [Fact]
    public async Task A_missing_input_file_exits_2_naming_the_flag_and_the_file()
    {
        string missing = Path.Combine(Root, "nowhere.png");

        CliRun run = await RunAsync("variation", "--image", missing, "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: --image: file '{missing}' does not exist", Assert.Single(run.StderrLines));
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_non_square_variation_input_exits_2_with_the_sdk_validation_message()
    {
        string input = TinyPng.WriteOpaque(Path.Combine(Root, "wide.png"), 64, 32);

        CliRun run = await RunAsync("variation", "--image", input, "--out", OutDir);

        Assert.Equal(2, run.ExitCode);
        string error = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: The request was not sent", error, StringComparison.Ordinal);
        Assert.Contains("square", error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(OutFiles(string.Empty));
    }
}
