using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Batches;
using OpenAIImages.Cli.Output;

namespace OpenAIImages.Cli.Commands;

/// <summary>
/// batch FILE --batch-api: every prompt in one Batch API job. The job's id is written to <c>batch-id.txt</c> in the
/// output folder as soon as it exists, so a crash or Ctrl+C loses nothing: --resume polls that job and downloads it.
/// </summary>
internal static class BatchApiRun
{
    public const string IdFileName = "batch-id.txt";

    public static async Task<int> RunAsync(CliContext context, Connection connection, string[] prompts, IReadOnlyList<ImageGenerationOptions> requests, string folder, bool resume, CancellationToken ct)
    {
        // Offline, the emulator finishes a batch in a few polls: no reason to wait seconds between them.
        ImagesBatchClient client = connection.CreateBatchClient(connection.IsOffline
            ? new ImagesBatchOptions { PollInterval = TimeSpan.FromMilliseconds(100), MaxPollInterval = TimeSpan.FromMilliseconds(100) }
            : new ImagesBatchOptions { PollInterval = TimeSpan.FromSeconds(10), MaxPollInterval = TimeSpan.FromMinutes(2) });
        string idFile = Path.Combine(folder, IdFileName);
        string batchId;
        if (resume && File.Exists(idFile))
        {
            batchId = (await File.ReadAllTextAsync(idFile, ct).ConfigureAwait(false)).Trim();
            context.Stderr.WriteLine($"--resume: picking up batch {batchId} from {idFile}.");
        }
        else
        {
            ImagesBatch submitted = await client.SubmitAsync(requests.Select((request, i) => ImagesBatchRequest.ForGeneration(CustomIdOf(i + 1), request)), null, ct).ConfigureAwait(false);
            batchId = submitted.Id;
            await File.WriteAllTextAsync(idFile, batchId + Environment.NewLine, ct).ConfigureAwait(false);
            context.Stderr.WriteLine($"Submitted batch {batchId} ({Count(prompts.Length)} prompts); its id is in {idFile}.");
        }

        var progress = new LineProgress(context.Stderr);
        // The results stream in, each line's images already in their files; only one short outcome a prompt is kept, for
        // the report in prompt order, so memory grows by a line of text a prompt, not by what the results hold.
        string?[] outcomes = new string?[prompts.Length];
        var cost = new CostLimit.Total();
        await foreach (ImagesBatchLineResult line in client.ResumeAsync(batchId, folder, progress, ct).ConfigureAwait(false))
        {
            if (IndexOf(line.CustomId, prompts.Length) is { } index)
            {
                if (line.Succeeded)
                {
                    cost.Add(line.Cost?.Amount, line.Cost?.Currency);
                }

                outcomes[index] = line.Result is { } result
                    ? "ok: " + string.Join(", ", result.Images.Select(image => image.FilePath))
                    : "failed: " + (line.Error is { } error ? ErrorText.Describe(error) : "no reason given");
            }
        }

        int failed = 0;
        for (int i = 0; i < prompts.Length; i++)
        {
            string outcome = outcomes[i] ?? "failed: no result in the batch's files";
            failed += outcome.StartsWith("ok", StringComparison.Ordinal) ? 0 : 1;
            string[] parts = outcome.Split(": ", 2);
            context.Stdout.WriteLine($"[{Count(i + 1)}/{Count(prompts.Length)}] {parts[0]} \"{ErrorText.OneLine(prompts[i])}\": {parts[1]}");
        }

        context.Stderr.WriteLine(cost.Summary(" at the Batch API's prices"));
        if (failed > 0)
        {
            context.Stderr.WriteLine($"{Count(failed)} of {Count(prompts.Length)} prompts failed.");
            return ExitCodes.ApiError;
        }

        return ExitCodes.Success;
    }

    private static int? IndexOf(string customId, int count) =>
        customId.StartsWith("prompt-", StringComparison.Ordinal)
        && int.TryParse(customId.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= 1 && number <= count
            ? number - 1
            : null;

    private static string CustomIdOf(int index) => "prompt-" + index.ToString("D4", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stderr line each time the batch's status or counts change.</summary>
    private sealed class LineProgress(TextWriter stderr) : IProgress<ImagesBatch>
    {
        private string? _last;

        public void Report(ImagesBatch value)
        {
            string line = $"Batch {value.Id}: {value.StatusText}, {Count(value.RequestCounts.Completed)} done and {Count(value.RequestCounts.Failed)} failed of {Count(value.RequestCounts.Total)}.";
            if (line != _last)
            {
                _last = line;
                stderr.WriteLine(line);
            }
        }
    }
}
