using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli;
using OpenAIImages.Cli.Commands;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The growth benchmark's journal cases: the CLI's direct <c>batch</c> command (<see cref="CliApp"/>, called in the child
/// process, as <c>openai-images batch FILE --out DIR --concurrency 16</c>) on N prompts against its built-in emulator (no
/// API key: no network, nothing of the parent's). <c>journal</c> runs the batch: each prompt's image and metadata saved,
/// its line appended to <c>manifest.jsonl</c>; the manifest's bytes per prompt staying flat in N shows that the journal is
/// written once, O(prompts), not again after each prompt. <c>journal-resume</c> runs <c>--resume</c> over a finished
/// folder (the parent's, made untimed before the row): the manifest read in one pass, nothing sent again.
/// </summary>
public static class GrowthJournal
{
    /// <summary>The one variant: the CLI as it ships (there is no hand-written floor for a CLI command).</summary>
    public static readonly string[] Variants = ["ours"];

    /// <summary>The prompt file a size's folder holds.</summary>
    public const string PromptFile = "prompts.txt";

    /// <summary>The finished batch a resume row's size folder holds.</summary>
    public const string Finished = "finished";

    private const string Concurrency = "16";

    /// <summary>Writes the prompt file of <paramref name="prompts"/> prompts into <paramref name="directory"/>, the size's folder.</summary>
    public static Task WritePromptsAsync(int prompts, string directory) =>
        File.WriteAllLinesAsync(
            Path.Combine(directory, PromptFile),
            Enumerable.Range(1, prompts).Select(i => Payloads.Prompt + " #" + i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>For a resume row: the prompt file and a finished batch of it in <paramref name="directory"/>, the size's folder.</summary>
    public static async Task PrepareResumeAsync(int prompts, string directory)
    {
        await WritePromptsAsync(prompts, directory).ConfigureAwait(false);
        string folder = Path.Combine(directory, Finished);
        Directory.CreateDirectory(folder);
        await BatchAsync(Path.Combine(directory, PromptFile), folder, resume: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the batch of <paramref name="prompts"/> prompts into <paramref name="directory"/> (the row's own folder); the
    /// prompt file is the size folder's, which the parent wrote, or for the child's warm-up its own.
    /// </summary>
    public static async Task<string> BatchRowAsync(int prompts, string directory)
    {
        string promptFile = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory))!, PromptFile);
        if (!File.Exists(promptFile))
        {
            // The warm-up's small batch, in a folder of its own.
            await WritePromptsAsync(prompts, directory).ConfigureAwait(false);
            promptFile = Path.Combine(directory, PromptFile);
        }

        string folder = Path.Combine(directory, "out");
        await BatchAsync(promptFile, folder, resume: false).ConfigureAwait(false);
        return Check(prompts, folder, expectedImages: prompts);
    }

    /// <summary>Runs --resume over the finished batch of the size's folder (the parent of <paramref name="directory"/>); nothing is sent.</summary>
    public static async Task<string> ResumeRowAsync(int prompts, string directory)
    {
        string size = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory))!;
        string folder = Path.Combine(size, Finished);
        long before = new FileInfo(Path.Combine(folder, BatchManifest.FileName)).Length;
        await BatchAsync(Path.Combine(size, PromptFile), folder, resume: true).ConfigureAwait(false);
        long after = new FileInfo(Path.Combine(folder, BatchManifest.FileName)).Length;
        return after == before
            ? Check(prompts, folder, expectedImages: prompts) + ", nothing sent again"
            : throw new InvalidDataException($"--resume over a finished batch changed its manifest: {before} bytes, then {after}");
    }

    // gpt-image-1 at its smallest size and quality: the SDK's default client-side limit of 50 dall-e-2 images a minute
    // (which the CLI keeps, offline too) would make the rows measure that wait.
    private static async Task BatchAsync(string promptFile, string folder, bool resume)
    {
        string[] args = ["batch", promptFile, "--model", "gpt-image-1", "--size", "1024x1024", "--quality", "low", "--concurrency", Concurrency, "--out", folder, .. resume ? new[] { "--resume" } : []];

        // The report of every prompt (stdout) goes nowhere, and of each prompt's progress line (stderr) only the last few
        // are kept, to say why a run failed: a terminal's scrollback is not the tool's memory. No environment: no API key,
        // so the built-in emulator answers.
        var errors = new TailWriter();
        int code = await CliApp.RunAsync(args, TextWriter.Null, errors, _ => null, CancellationToken.None).ConfigureAwait(false);
        if (code != ExitCodes.Success)
        {
            throw new InvalidOperationException($"batch exited with {code}: ...{errors}");
        }
    }

    // Every prompt has an ok line and its image; the manifest's size in all and per prompt.
    private static string Check(int prompts, string folder, int expectedImages)
    {
        string manifest = Path.Combine(folder, BatchManifest.FileName);
        int lines = 0;
        int ok = 0;
        foreach (string line in File.ReadLines(manifest))
        {
            lines++;
            ok += line.Contains("\"status\":\"ok\"", StringComparison.Ordinal) ? 1 : 0;
        }

        int images = Directory.EnumerateFiles(folder, "*.png").Count();
        if (lines != prompts || ok != prompts || images != expectedImages)
        {
            throw new InvalidDataException($"{ok} ok of {lines} manifest lines and {images} images for {prompts} prompts");
        }

        long bytes = new FileInfo(manifest).Length;
        return string.Create(CultureInfo.InvariantCulture, $"{prompts:N0} prompts ok; manifest {bytes:N0} B, {(double)bytes / prompts:0.0} B/prompt");
    }

    /// <summary>Keeps the last few KB written to it.</summary>
    private sealed class TailWriter : TextWriter
    {
        private const int Keep = 2048;
        private readonly StringBuilder _tail = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            _tail.Append(value);
            Trim();
        }

        public override void Write(string? value)
        {
            _tail.Append(value);
            Trim();
        }

        public override string ToString() => _tail.ToString().ReplaceLineEndings(" | ");

        private void Trim()
        {
            if (_tail.Length > 2 * Keep)
            {
                _tail.Remove(0, _tail.Length - Keep);
            }
        }
    }
}
