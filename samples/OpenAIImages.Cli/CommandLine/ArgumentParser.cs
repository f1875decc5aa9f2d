using System;
using System.Collections.Generic;
using System.Globalization;

namespace OpenAIImages.Cli.CommandLine;

/// <summary>Turns <c>args</c> into a <see cref="ParsedArguments"/>, or a <see cref="UsageException"/> that names what is wrong.</summary>
/// <remarks>
/// Accepts <c>--flag value</c> and <c>--flag=value</c>; <c>--</c> ends the flags, so a prompt may start with a dash.
/// Flag values are trimmed; prompts are kept as typed.
/// </remarks>
internal static class ArgumentParser
{
    private const string HelpHint = " (see 'openai-images --help')";

    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new UsageException("no command given; commands: " + CommandNames() + HelpHint);
        }

        string name = args[0];
        if (name is "--help" or "-h" or "-?" or "help")
        {
            return new ParsedArguments(CommandCatalog.Help, helpRequested: true);
        }

        CommandSpec command = CommandCatalog.Find(name)
            ?? throw new UsageException(name.StartsWith('-')
                ? $"expected a command before {name}; commands: {CommandNames()}{HelpHint}"
                : $"unknown command '{name}'; commands: {CommandNames()}{HelpHint}");

        bool help = false;
        var parsed = new List<(Flag Flag, string Value)>();
        var positionals = new List<string>();
        bool flagsEnded = false;
        for (int i = 1; i < args.Count; i++)
        {
            string arg = args[i];
            if (flagsEnded || arg.Length < 2 || arg[0] != '-')
            {
                positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                flagsEnded = true;
                continue;
            }

            if (arg is "--help" or "-h" or "-?")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unknown flag {arg}: flags start with two dashes; put -- before a prompt that starts with a dash{HelpHint}");
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string flagName = equals < 0 ? arg[2..] : arg[2..equals];
            string? inlineValue = equals < 0 ? null : arg[(equals + 1)..];
            Flag flag = Flags.Find(flagName) ?? throw new UsageException($"unknown flag --{flagName}{HelpHint}");
            if (!command.Accepts(flag))
            {
                throw new UsageException($"{flag.Display} does not apply to {command.Name}{HelpHint}");
            }

            string value;
            if (flag.Kind == FlagKind.Switch)
            {
                value = (inlineValue?.Trim().ToUpperInvariant()) switch
                {
                    null or "TRUE" => "true",
                    "FALSE" => "false",
                    _ => throw new UsageException($"{flag.Display} takes no value, or =true or =false; got '{inlineValue}'"),
                };
            }
            else
            {
                if (inlineValue is null)
                {
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UsageException($"{flag.Display} needs a value: {flag.Display} {flag.ValueName}");
                    }

                    inlineValue = args[++i];
                }

                value = inlineValue.Trim();
                if (value.Length == 0)
                {
                    throw new UsageException($"{flag.Display} needs a value: {flag.Display} {flag.ValueName}");
                }

                if (flag.Kind == FlagKind.Number && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    throw new UsageException($"{flag.Display} takes a whole number; got '{value}'");
                }
            }

            if (flag.Kind != FlagKind.Repeated && parsed.Exists(p => p.Flag == flag))
            {
                throw new UsageException($"{flag.Display} is given more than once");
            }

            parsed.Add((flag, value));
        }

        var result = new ParsedArguments(command, help);
        foreach ((Flag flag, string value) in parsed)
        {
            result.Add(flag, value);
        }

        result.Positionals.AddRange(positionals);
        if (!help)
        {
            CheckPositionals(command, positionals);
        }

        return result;
    }

    private static void CheckPositionals(CommandSpec command, List<string> positionals)
    {
        if (positionals.Count < command.Positionals)
        {
            throw new UsageException($"{command.Name} needs {command.Arguments.Split(' ')[0]}: openai-images {command.Name} {command.Arguments}");
        }

        if (positionals.Count > command.Positionals)
        {
            string extra = positionals[command.Positionals];
            throw new UsageException(command.Positionals == 1 && command != CommandCatalog.Batch
                ? $"unexpected argument '{extra}': put the whole prompt in quotes"
                : $"unexpected argument '{extra}': openai-images {command.Name} {command.Arguments}");
        }
    }

    private static string CommandNames() => string.Join(", ", Array.ConvertAll([.. CommandCatalog.All], c => c.Name));
}
