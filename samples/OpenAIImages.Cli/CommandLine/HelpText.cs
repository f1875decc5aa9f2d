using System.IO;
using System.Linq;

namespace OpenAIImages.Cli.CommandLine;

/// <summary>Writes the help: usage of every command, then every flag and which commands take it.</summary>
internal static class HelpText
{
    public static void Write(TextWriter output)
    {
        output.WriteLine("openai-images: create images with the OpenAI Images API.");
        output.WriteLine();
        output.WriteLine("Usage: openai-images COMMAND [flags]");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (CommandSpec command in CommandCatalog.All)
        {
            string usage = (command.Name + " " + command.Arguments).TrimEnd();
            output.WriteLine($"  {usage,-58} {command.Summary}");
        }

        output.WriteLine();
        output.WriteLine("Flags (--flag VALUE or --flag=VALUE):");
        foreach (Flag flag in Flags.All)
        {
            string syntax = flag.Kind == FlagKind.Switch ? flag.Display : flag.Display + " " + flag.ValueName;
            string commands = string.Join(", ", CommandCatalog.All.Where(c => c.Accepts(flag)).Select(c => c.Name));
            output.WriteLine($"  {syntax,-30} {flag.Help} [{commands}]");
        }

        output.WriteLine("  --help                         Show this help.");
        output.WriteLine();
        output.WriteLine("Without an API key (--api-key or OPENAI_API_KEY) requests go to a built-in offline emulator.");
        output.WriteLine("Each image is saved as <yyyyMMdd-HHmmss>-<prompt>-<n>.<ext> with a .json of its metadata beside it.");
        output.WriteLine("Exit codes: 0 success, 1 API or network error, 2 bad input.");
    }
}
