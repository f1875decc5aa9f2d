using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.Parsing;

namespace OpenAIImages.Cli;

/// <summary>The tool's entry point, free of <see cref="Console"/> and the process environment so that tests can run it in-process.</summary>
internal static class CliApp
{
    /// <summary>Runs one command line and returns the exit code; errors become one line on <paramref name="stderr"/>.</summary>
    /// <param name="args">The arguments after the tool's name.</param>
    /// <param name="stdout">Where saved paths, reports and help go.</param>
    /// <param name="stderr">Where notices, progress and errors go.</param>
    /// <param name="environment">Reads an environment variable (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID).</param>
    /// <param name="cancellationToken">Cancelled by Ctrl+C.</param>
    /// <param name="showProgress">Whether <paramref name="stderr"/> is a terminal, so a spinner may be drawn on it.</param>
    /// <param name="clock">Time-stamps the file names; the system clock by default.</param>
    /// <returns>0 on success, 1 for API, network and file-writing errors, 2 for bad input, 130 when cancelled.</returns>
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
        RootCommand root = CliCommands.Create(new CliSymbols(), context);
        ParseResult parsed = root.Parse(WithHelpCommand(args));
        if (parsed.Action is ParseErrorAction)
        {
            stderr.WriteLine("error: " + ErrorText.OneLine(UsageErrors.Describe(parsed)));
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,

            // Program handles Ctrl+C and cancels the token; System.CommandLine must not install a handler of its own.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
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
        catch (ImagesException ex)
        {
            stderr.WriteLine("error: " + ErrorText.Describe(ex));
            return ExitCodes.ApiError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The tool's own files: metadata beside an image, a batch's manifest, the --out folder.
            stderr.WriteLine("error: " + ErrorText.Describe(ex));
            return ExitCodes.ApiError;
        }
    }

    // "help" and "help COMMAND" read as "--help" and "COMMAND --help".
    private static string[] WithHelpCommand(string[] args) =>
        args is ["help", .. var rest] ? [.. rest, "--help"] : args;
}
