using System.Collections.Generic;
using System.Globalization;

namespace OpenAIImages.Cli.CommandLine;

/// <summary>A command line after parsing: the command, its positional arguments and the flags given.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<Flag, List<string>> _values = [];

    public ParsedArguments(CommandSpec command, bool helpRequested)
    {
        Command = command;
        HelpRequested = helpRequested;
    }

    public CommandSpec Command { get; }

    /// <summary>Gets whether <c>--help</c> was given after the command.</summary>
    public bool HelpRequested { get; }

    public List<string> Positionals { get; } = [];

    public bool Has(Flag flag) => _values.ContainsKey(flag);

    public string? Text(Flag flag) => _values.TryGetValue(flag, out List<string>? values) ? values[^1] : null;

    /// <summary>Gets a number flag; the parser has already checked that it is one.</summary>
    public int? Number(Flag flag) => Text(flag) is { } text ? int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

    /// <summary>Gets a switch: true when given bare or as <c>=true</c>.</summary>
    public bool Switch(Flag flag) => Text(flag) is { } text && text == "true";

    public IReadOnlyList<string> All(Flag flag) => _values.TryGetValue(flag, out List<string>? values) ? values : [];

    internal void Add(Flag flag, string value)
    {
        if (!_values.TryGetValue(flag, out List<string>? values))
        {
            _values[flag] = values = [];
        }

        values.Add(value);
    }
}
