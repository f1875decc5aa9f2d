using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages.Cli.CommandLine;

/// <summary>One command: its name, what it takes, and which flags apply to it.</summary>
internal sealed record CommandSpec(string Name, string Arguments, string Summary, int Positionals, IReadOnlyList<Flag> Flags)
{
    public bool Accepts(Flag flag) => Flags.Contains(flag);
}

/// <summary>Every command the tool knows.</summary>
internal static class CommandCatalog
{
    private static readonly Flag[] Connection = [Flags.Out, Flags.ApiKey, Flags.BaseUrl];

    // batch takes these; it does not stream, and leaves SVG output to generate.
    private static readonly Flag[] GenerationFlags =
    [
        Flags.Model, Flags.Size, Flags.Quality, Flags.Style, Flags.N,
        Flags.ResponseFormat, Flags.User, Flags.SafetyIdentifier, Flags.Background, Flags.OutputFormat,
        Flags.OutputCompression, Flags.Moderation, Flags.Complexity, Flags.FrameCount, Flags.FrameDurationMs,
        .. Connection,
    ];

    public static readonly CommandSpec Generate = new(
        "generate",
        "PROMPT",
        "Create images from a prompt.",
        1,
        [.. GenerationFlags, Flags.SvgModel, Flags.SvgReasoningEffort, Flags.Stream, Flags.PartialImages]);

    public static readonly CommandSpec Edit = new(
        "edit",
        "PROMPT --image FILE|URL [--image ...] [--mask FILE]",
        "Edit or extend images from a prompt.",
        1,
        [
            Flags.Image, Flags.Mask, Flags.Markup, Flags.Model, Flags.Size, Flags.Quality,
            Flags.N, Flags.ResponseFormat, Flags.User, Flags.SafetyIdentifier, Flags.Background,
            Flags.OutputFormat, Flags.OutputCompression, Flags.Moderation, Flags.InputFidelity, Flags.Complexity,
            Flags.FrameCount, Flags.FrameDurationMs, Flags.SvgModel, Flags.SvgReasoningEffort, Flags.Stream,
            Flags.PartialImages, .. Connection,
        ]);

    public static readonly CommandSpec Variation = new(
        "variation",
        "--image FILE",
        "Create variations of a square PNG (dall-e-2).",
        0,
        [Flags.Image, Flags.Model, Flags.Size, Flags.N, Flags.ResponseFormat, Flags.User, .. Connection]);

    public static readonly CommandSpec Batch = new("batch", "FILE", "Create images for each non-empty line of FILE, one prompt a line.", 1, GenerationFlags);

    public static readonly CommandSpec Serve = new("serve", "[--port N]", "Host the offline emulator on 127.0.0.1 until Ctrl+C.", 0, [Flags.Port]);

    public static readonly CommandSpec Help = new("help", string.Empty, "Show this help.", 0, []);

    /// <summary>Gets every command, in the order the help lists them.</summary>
    public static IReadOnlyList<CommandSpec> All { get; } = [Generate, Edit, Variation, Batch, Serve, Help];

    /// <summary>Finds a command by name.</summary>
    public static CommandSpec? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
