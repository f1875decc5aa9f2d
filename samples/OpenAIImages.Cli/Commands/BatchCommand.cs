using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.Output;
using OpenAIImages.Cli.Parsing;

namespace OpenAIImages.Cli.Commands;

/// <summary>
/// batch FILE: one prompt a non-empty line, checked all before any is sent, then sent a few at a time. Each prompt's
/// images are saved and its manifest line appended as soon as it finishes, so Ctrl+C or a crash loses only the prompts
/// still in flight; --resume sends the rest.
/// </summary>
/// <remarks>
/// The prompts run here with <see cref="ImagesClient.GenerateAsync"/> rather than through
/// <see cref="ImagesClientFanOutExtensions.GenerateManyAsync"/>, which answers only when every prompt is done. stderr gets a line as
/// each prompt finishes; stdout gets the report of every prompt, in file order, at the end.
/// </remarks>
internal static class BatchCommand
{
    private const int DefaultConcurrency = 2;
    private const int MaxConcurrency = 16;
    private const int PromptShownLength = 50;

    public static async Task<int> RunAsync(CommandInput input, CancellationToken ct)
    {
        CliContext context = input.Context;
        int concurrency = input.Get(input.Symbols.Concurrency) ?? DefaultConcurrency;
        if (concurrency is < 1 or > MaxConcurrency)
        {
            throw new UsageException(
                $"{input.Symbols.Concurrency.Name} must be between 1 and {MaxConcurrency.ToString(CultureInfo.InvariantCulture)}; got {concurrency.ToString(CultureInfo.InvariantCulture)}");
        }

        string[] prompts = await ReadPromptsAsync(input.Get(input.Symbols.PromptFile), ct).ConfigureAwait(false);
        var requests = new Requests(prompts, RequestBuilder.Generation(prompts[0], input));

        // Several workers write here at once: whole lines, never interleaved.
        TextWriter progress = TextWriter.Synchronized(context.Stderr);
        string folder = Path.GetFullPath(input.OutFolder);
        using Connection connection = Connection.Open(input, new RateLimitNotices(progress));
        await BatchPreflight.CheckAsync(connection.Options, requests, ct).ConfigureAwait(false);
        CostLimit.CheckBatch(input, connection.Client, requests, input.Get(input.Symbols.BatchApi), progress);
        Directory.CreateDirectory(folder);
        if (input.Get(input.Symbols.BatchApi))
        {
            return await BatchApiRun.RunAsync(context, connection, prompts, requests, folder, input.Get(input.Symbols.Resume), ct).ConfigureAwait(false);
        }

        bool resume = input.Get(input.Symbols.Resume);
        if (resume)
        {
            RemoveInterruptedSaves(folder, progress);
        }

        using BatchManifest manifest = resume ? BatchManifest.Resume(folder, prompts, progress) : BatchManifest.Start(folder, prompts.Length);
        int[] pending = [.. Enumerable.Range(1, prompts.Length).Where(index => !manifest.IsDone(index))];
        if (pending.Length < prompts.Length)
        {
            progress.WriteLine(
                $"--resume: {Count(prompts.Length - pending.Length)} of {Count(prompts.Length)} prompts are done in {BatchManifest.FileName}; sending the other {Count(pending.Length)}.");
        }

        if (pending.Length > 0)
        {
            var saver = new ImageSaver(folder, context.Clock);
            int next = -1;
            async Task WorkAsync()
            {
                for (int i = Interlocked.Increment(ref next); i < pending.Length; i = Interlocked.Increment(ref next))
                {
                    ct.ThrowIfCancellationRequested();
                    int index = pending[i];
                    progress.WriteLine($"[{Count(index)}/{Count(prompts.Length)}] sending \"{Shorten(prompts[index - 1])}\"");
                    ManifestEntry entry = await SendAsync(index, requests[index - 1], connection.Client, saver, ct).ConfigureAwait(false);
                    manifest.Record(entry);
                    progress.WriteLine(Label(entry, prompts.Length) + (entry.Error is { } error ? ": " + error : string.Empty));
                }
            }

            try
            {
                await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, pending.Length)).Select(_ => WorkAsync())).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                int done = manifest.DoneCount;
                progress.WriteLine(
                    $"Stopped: {Count(done)} of {Count(prompts.Length)} prompts are done and kept, with their lines in {Path.Combine(folder, BatchManifest.FileName)}. "
                    + "Run the same command with --resume to send the rest.");
                throw;
            }
        }

        // One pass over the journal's lines, read back one at a time: the report, the cost and the failures.
        var cost = new CostLimit.Total();
        int failed = 0;
        foreach (ManifestEntry entry in manifest.Entries)
        {
            string outcome = entry.Ok ? string.Join(", ", entry.Files.Select(file => Path.Combine(folder, file))) : entry.Error ?? "failed";
            context.Stdout.WriteLine($"{Label(entry, prompts.Length)}: {outcome}{(entry.Earlier ? " (earlier run)" : string.Empty)}");
            if (entry.Ok)
            {
                cost.Add(entry.Cost, entry.Currency);
            }
            else
            {
                failed++;
            }
        }

        context.Stderr.WriteLine(cost.Summary(string.Empty));
        if (failed > 0)
        {
            context.Stderr.WriteLine($"{Count(failed)} of {Count(prompts.Length)} prompts failed.");
            return ExitCodes.ApiError;
        }

        return ExitCodes.Success;
    }

    // An image or manifest being written when the run before stopped leaves its hidden temporary file (.NAME.tmp);
    // --resume sends that prompt again, so the file is of no use. Links are removed, never followed.
    private static void RemoveInterruptedSaves(string folder, TextWriter progress)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp").Concat(Directory.EnumerateFiles(folder, BatchManifest.FileName + ".tmp")))
        {
            File.Delete(file);
            removed++;
        }

        if (removed > 0)
        {
            progress.WriteLine($"--resume: removed {Count(removed)} temporary file(s) an interrupted run left in {folder}.");
        }
    }

    private static async Task<string[]> ReadPromptsAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"batch: file '{file}' does not exist");
        }

        string[] prompts = [.. (await File.ReadAllLinesAsync(file, ct).ConfigureAwait(false)).Select(line => line.Trim()).Where(line => line.Length > 0)];
        return prompts.Length > 0 ? prompts : throw new UsageException($"batch: file '{file}' has no prompts (one prompt a line)");
    }

    /// <summary>Sends one prompt and saves its images; every failure but a cancel becomes its failed manifest line.</summary>
    private static async Task<ManifestEntry> SendAsync(int index, ImageGenerationOptions request, ImagesClient client, ImageSaver saver, CancellationToken ct)
    {
        try
        {
            ImageResult result = await client.GenerateAsync(request, ct).ConfigureAwait(false);

            // The images are made and paid for: Ctrl+C from here on does not stop them being saved.
            IReadOnlyList<string> paths = await saver.SaveAsync(result, RequestBuilder.ContextOf(request), CancellationToken.None).ConfigureAwait(false);
            return new ManifestEntry(index, request.Prompt, true, [.. paths.Select(Path.GetFileName).OfType<string>()], result.RequestId, null)
            {
                Cost = result.Cost?.Amount,
                Currency = result.Cost?.Currency,
            };
        }
        catch (Exception ex) when (ex is ImagesException or ImageValidationException or IOException or UnauthorizedAccessException)
        {
            return new ManifestEntry(index, request.Prompt, false, [], (ex as ImagesApiException)?.RequestId, ErrorText.Describe(ex));
        }
    }

    /// <summary>The batch's requests, each made from its prompt when it is asked for: only the prompts are held for the whole run.</summary>
    private sealed class Requests(string[] prompts, ImageGenerationOptions template) : IReadOnlyList<ImageGenerationOptions>
    {
        // The flags are the same for every prompt: only the prompt differs from the template's.
        public ImageGenerationOptions this[int index] => template with { Prompt = prompts[index] };

        public int Count => prompts.Length;

        public IEnumerator<ImageGenerationOptions> GetEnumerator()
        {
            for (int i = 0; i < prompts.Length; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static string Label(ManifestEntry entry, int total) =>
        $"[{Count(entry.Index)}/{Count(total)}] {(entry.Ok ? "ok" : "failed")} \"{Shorten(entry.Prompt)}\"";

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string prompt) =>
        ErrorText.OneLine(prompt.Length <= PromptShownLength ? prompt : string.Concat(prompt.AsSpan(0, PromptShownLength - 3), "..."));
}
