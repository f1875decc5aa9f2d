using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.CommandLine;
using OpenAIImages.Cli.Commands;

namespace OpenAIImages.Cli;

/// <summary>The tool's entry point, free of <see cref="Console"/> and the process environment so that tests can run it in-process.</summary>
internal static class CliApp
{
    /// <summary>Runs one command line and returns the exit code; errors become one line on <paramref name="stderr"/>.</summary>
    /// <param name="args">The arguments after the tool's name.</param>
    /// <param name="stdout">Where saved paths and reports go.</param>
    /// <param name="stderr">Where notices, progress and errors go.</param>
    /// <param name="environment">Reads an environment variable (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID).</param>
    /// <param name="cancellationToken">Cancelled by Ctrl+C.</param>
    /// <param name="showProgress">Whether <paramref name="stderr"/> is a terminal, so a spinner may be drawn on it.</param>
    /// <param name="clock">Time-stamps the file names; the system clock by default.</param>
    /// <returns>0 on success, 1 for API and network errors, 2 for bad input, 130 when cancelled.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?> environment,
        CancellationToken cancellationToken,
        bool showProgress = false,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);
        var context = new CliContext(stdout, stderr, environment, showProgress, clock ?? TimeProvider.System);
        try
        {
            ParsedArguments parsed = ArgumentParser.Parse(args);
            if (parsed.HelpRequested || parsed.Command == CommandCatalog.Help)
            {
                HelpText.Write(stdout);
                return ExitCodes.Success;
            }

            if (parsed.Has(Flags.PartialImages) && !parsed.Switch(Flags.Stream))
            {
                throw new UsageException($"{Flags.PartialImages.Display} needs {Flags.Stream.Display}: partial images exist only in a streamed response");
            }

            return await Dispatch(parsed, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UsageException or ImageValidationException)
        {
            stderr.WriteLine("error: " + ErrorText.Describe(ex));
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is ImagesException or HttpRequestException or TimeoutException or TaskCanceledException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("error: " + ErrorText.Describe(ex));
            return ExitCodes.ApiError;
        }
    }

    private static Task<int> Dispatch(ParsedArguments parsed, CliContext context, CancellationToken ct) => parsed.Command.Name switch
    {
        "generate" => SingleRequestCommand.GenerateAsync(parsed, context, ct),
        "edit" => SingleRequestCommand.EditAsync(parsed, context, ct),
        "variation" => SingleRequestCommand.VariationAsync(parsed, context, ct),
        "batch" => BatchCommand.RunAsync(parsed, context, ct),
        "serve" => ServeCommand.RunAsync(parsed, context, ct),
        _ => throw new UsageException($"unknown command '{parsed.Command.Name}'"),
    };
}
