using System.CommandLine;

namespace OpenAIImages.Cli.Parsing;

/// <summary>What a command runs with: its parsed command line, the symbols to read it by, and the tool's context.</summary>
/// <param name="Parsed">The parse result, free of errors.</param>
/// <param name="Symbols">The flags and arguments the command line was parsed with.</param>
/// <param name="Context">The output streams, the environment and the clock.</param>
internal sealed record CommandInput(ParseResult Parsed, CliSymbols Symbols, CliContext Context)
{
    public T? Get<T>(Option<T> option) => Parsed.GetValue(option);

    public T Get<T>(Argument<T> argument) => Parsed.GetRequiredValue(argument);

    /// <summary>Gets whether the flag was typed on the command line.</summary>
    public bool Has(Option option) => Parsed.GetResult(option) is { Implicit: false };

    /// <summary>Gets the folder images and metadata go to.</summary>
    public string OutFolder => Get(Symbols.Out) ?? ".";
}
