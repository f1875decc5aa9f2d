using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;

namespace OpenAIImages.Cli.Parsing;

/// <summary>Writes System.CommandLine's help for the command, then the exit codes, which every command shares.</summary>
internal sealed class ExitCodesHelpAction : SynchronousCommandLineAction
{
    private readonly SynchronousCommandLineAction _help;

    public ExitCodesHelpAction(SynchronousCommandLineAction help) => _help = help;

    // Like the help it wraps: "generate --help" shows help even though PROMPT is missing.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        int result = _help.Invoke(parseResult);
        TextWriter output = parseResult.InvocationConfiguration.Output;
        output.WriteLine("Exit codes:");
        output.WriteLine($"  {ExitCodes.Success,-4} success");
        output.WriteLine($"  {ExitCodes.ApiError,-4} the API answered with an error, the server could not be reached, or a file could not be written");
        output.WriteLine($"  {ExitCodes.BadInput,-4} bad input: a usage error, a missing file, or a request the SDK rejected before sending");
        output.WriteLine($"  {ExitCodes.Cancelled,-4} interrupted (Ctrl+C); a batch keeps what finished, see --resume");
        output.WriteLine();
        return result;
    }
}
