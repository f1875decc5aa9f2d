using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.CommandLine;
using OpenAIImages.Cli.Output;

namespace OpenAIImages.Cli.Commands;

/// <summary>batch FILE: one prompt a non-empty line, generated a few at a time; one report line per prompt.</summary>
internal static class BatchCommand
{
    private const int MaxConcurrency = 4;
    private const int PromptShownLength = 50;

    public static async Task<int> RunAsync(ParsedArguments args, CliContext context, CancellationToken ct)
    {
        string file = args.Positionals[0];
        if (!File.Exists(file))
        {
            throw new UsageException($"batch: file '{file}' does not exist");
        }

        string[] prompts = (await File.ReadAllLinesAsync(file, ct).ConfigureAwait(false))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .ToArray();
        if (prompts.Length == 0)
        {
            throw new UsageException($"batch: file '{file}' has no prompts (one prompt a line)");
        }

        ImageGenerationOptions[] requests = prompts.Select(prompt => RequestBuilder.Generation(prompt, args)).ToArray();
        using Connection connection = Connection.Open(args, context);
        var saver = new ImageSaver(args.Text(Flags.Out) ?? ".", context.Clock);
        var lines = new string[requests.Length];
        int failed = 0;
        await using (Spinner.Start(context.Stderr, context.ShowProgress, $"generating {requests.Length} prompts").ConfigureAwait(false))
        {
            IReadOnlyList<ImageBatchResult> results = await connection.Client.GenerateBatchAsync(requests, MaxConcurrency, ct).ConfigureAwait(false);
            foreach (ImageBatchResult item in results)
            {
                string label = $"[{(item.Index + 1).ToString(CultureInfo.InvariantCulture)}/{requests.Length.ToString(CultureInfo.InvariantCulture)}]";
                string prompt = Shorten(item.Request.Prompt);
                string? error = item.Error is { } exception ? ErrorText.Describe(exception) : null;
                if (item.Result is { } result)
                {
                    try
                    {
                        IReadOnlyList<string> paths = await saver.SaveAsync(result, RequestBuilder.ContextOf(item.Request), ct).ConfigureAwait(false);
                        lines[item.Index] = $"{label} ok \"{prompt}\": {string.Join(", ", paths)}";
                        continue;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException or UnauthorizedAccessException)
                    {
                        error = ErrorText.Describe(ex);
                    }
                }

                failed++;
                lines[item.Index] = $"{label} failed \"{prompt}\": {error}";
            }
        }

        foreach (string line in lines)
        {
            context.Stdout.WriteLine(line);
        }

        if (failed > 0)
        {
            context.Stderr.WriteLine($"{failed.ToString(CultureInfo.InvariantCulture)} of {requests.Length.ToString(CultureInfo.InvariantCulture)} prompts failed.");
            return ExitCodes.ApiError;
        }

        return ExitCodes.Success;
    }

    private static string Shorten(string prompt) =>
        ErrorText.OneLine(prompt.Length <= PromptShownLength ? prompt : string.Concat(prompt.AsSpan(0, PromptShownLength - 3), "..."));
}
