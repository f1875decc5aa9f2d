using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Linq;
using OpenAIImages.Cli.Commands;

namespace OpenAIImages.Cli.Parsing;

/// <summary>The command tree: which flags each command takes, its help, and what it runs.</summary>
internal static class CliCommands
{
    public const string ToolName = "openai-images";

    public static RootCommand Create(CliSymbols s, CliContext context)
    {
        // Streaming and SVG output are single-request features; a batch leaves them to generate.
        Option[] generation =
        [
            s.Model, s.Size, s.Quality, s.Style, s.N, s.ResponseFormat, s.User, s.SafetyIdentifier, s.Background, s.OutputFormat,
            s.OutputCompression, s.Moderation, s.Complexity, s.FrameCount, s.FrameDurationMs,
        ];

        Command generate = Build(
            "generate",
            "Create images from a prompt; prints the path of each saved image.",
            [s.Prompt, .. generation, s.SvgModel, s.SvgReasoningEffort, s.Stream, s.PartialImages, s.MaxCost, .. s.Connection]);
        Command edit = Build(
            "edit",
            "Edit or extend images from a prompt: edit PROMPT --image FILE [--image FILE ...] [--mask FILE] [--markup FILE].",
            [
                s.Prompt, s.EditImages, s.Mask, s.Markup, s.Model, s.Size, s.Quality, s.N, s.ResponseFormat, s.User, s.SafetyIdentifier,
                s.Background, s.OutputFormat, s.OutputCompression, s.Moderation, s.InputFidelity, s.Complexity, s.FrameCount,
                s.FrameDurationMs, s.SvgModel, s.SvgReasoningEffort, s.Stream, s.PartialImages, s.MaxCost, .. s.Connection,
            ]);
        Command variation = Build(
            "variation",
            "Create variations of a square PNG with dall-e-2: variation --image FILE.",
            [s.VariationImage, s.VariationModel, s.VariationSize, s.N, s.ResponseFormat, s.User, s.MaxCost, .. s.Connection]);
        Command batch = Build(
            "batch",
            "Create images for each prompt of FILE, a few at a time. Each image is saved as its prompt finishes, progress goes to "
            + "stderr, and manifest.jsonl in --out records every prompt (ok or failed); --resume sends only the rest.",
            [s.PromptFile, .. generation, s.Concurrency, s.Resume, s.BatchApi, s.MaxCost, .. s.Connection]);
        Command serve = Build(
            "serve",
            "Host the offline emulator on 127.0.0.1 and print its base URL; runs until Ctrl+C. --latency, --fault and --images-per-minute script how it answers.",
            [s.Port, s.Latency, s.Fault, s.ImagesPerMinute]);

        generate.SetAction((parsed, ct) => SingleRequestCommand.GenerateAsync(new CommandInput(parsed, s, context), ct));
        edit.SetAction((parsed, ct) => SingleRequestCommand.EditAsync(new CommandInput(parsed, s, context), ct));
        variation.SetAction((parsed, ct) => SingleRequestCommand.VariationAsync(new CommandInput(parsed, s, context), ct));
        batch.SetAction((parsed, ct) => BatchCommand.RunAsync(new CommandInput(parsed, s, context), ct));
        serve.SetAction((parsed, ct) => ServeCommand.RunAsync(new CommandInput(parsed, s, context), ct));

        var root = new RootCommand(
            "Create, edit and vary images with the OpenAI Images API. Without an API key (--api-key or OPENAI_API_KEY) requests go "
            + "to a built-in offline emulator. With AZURE_OPENAI_ENDPOINT set they go to Azure OpenAI (key: AZURE_OPENAI_API_KEY or "
            + "--api-key): --deployment NAME calls that deployment, else the v1 API with --model as the deployment. Each image is saved as <yyyyMMdd-HHmmss>-<prompt>-<n>.<ext> with a .json of its "
            + "metadata beside it. Run 'openai-images COMMAND --help' for the flags of a command.")
        {
            generate, edit, variation, batch, serve,
        };
        root.HelpName = ToolName;
        root.SetAction(new Action<ParseResult>(_ => throw new UsageException(
            $"no command given; commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (see '{ToolName} --help')")));

        // The help option is recursive: one action serves the root and every command.
        HelpOption help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExitCodesHelpAction((SynchronousCommandLineAction)help.Action!);
        return root;
    }

    private static Command Build(string name, string description, Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (Symbol symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Add(argument);
                    break;
                case Option option:
                    command.Add(option);
                    break;
            }
        }

        return command;
    }
}
