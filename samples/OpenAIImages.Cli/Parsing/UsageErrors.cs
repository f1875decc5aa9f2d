using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;

namespace OpenAIImages.Cli.Parsing;

/// <summary>Turns the errors of a failed parse into one line that names the flag, the argument or the command at fault.</summary>
internal static class UsageErrors
{
    public static string Describe(ParseResult parsed)
    {
        Command command = parsed.CommandResult.Command;
        string hint = $" (see '{CliCommands.ToolName}{(command is RootCommand ? string.Empty : " " + command.Name)} --help')";

        // A flag's or an argument's own error is the most specific; a token nobody took is often only its consequence.
        foreach (ParseError error in parsed.Errors)
        {
            switch (error.SymbolResult)
            {
                case OptionResult { IdentifierTokenCount: > 1 } option when option.Option.Arity.MaximumNumberOfValues == 1:
                    return $"{option.Option.Name} is given more than once{hint}";
                case OptionResult { Tokens.Count: 0 } option when option.Option.Arity.MinimumNumberOfValues > 0:
                    return $"{option.Option.Name} needs a value: {option.Option.Name} {option.Option.HelpName}";
                case ArgumentResult { Tokens.Count: 0 } argument:
                    return $"{command.Name} needs {argument.Argument.Name}{hint}";
                case OptionResult or ArgumentResult:
                    return error.Message + hint;
            }
        }

        if (parsed.UnmatchedTokens.Count > 0)
        {
            return Unmatched(parsed, command, parsed.UnmatchedTokens[0]) + hint;
        }

        return (parsed.Errors.Count > 0 ? parsed.Errors[0].Message : "the command line could not be read") + hint;
    }

    private static string Unmatched(ParseResult parsed, Command command, string token)
    {
        if (command is RootCommand root)
        {
            string commands = string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            return token.StartsWith('-') ? $"expected a command before {token}; commands: {commands}" : $"unknown command '{token}'; commands: {commands}";
        }

        if (token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2)
        {
            string name = token.Split('=', 2)[0];
            return KnownFlags(parsed.RootCommandResult.Command).Contains(name) ? $"{name} does not apply to {command.Name}" : $"unknown flag {name}";
        }

        if (token.StartsWith('-') && token.Length > 1)
        {
            return $"unknown flag {token}: flags start with two dashes; put -- before a prompt that starts with a dash";
        }

        // "--stream=maybe" reaches here as the switch followed by a value it could not read.
        int index = IndexOfArgument(parsed.Tokens, token);
        if (index > 0 && parsed.Tokens[index - 1] is { Type: TokenType.Option } previous
            && command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == previous.Value) is { } flag)
        {
            return $"{flag.Name} takes no value, or =true or =false; got '{token}'";
        }

        return command.Arguments.Any(a => a.Name == "PROMPT")
            ? $"unexpected argument '{token}': put the whole prompt in quotes"
            : $"unexpected argument '{token}'";
    }

    private static int IndexOfArgument(IReadOnlyList<Token> tokens, string value)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Argument && tokens[i].Value == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static HashSet<string> KnownFlags(Command root) =>
        root.Subcommands.SelectMany(c => c.Options).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
}
