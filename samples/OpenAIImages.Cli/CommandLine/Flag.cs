namespace OpenAIImages.Cli.CommandLine;

/// <summary>How a flag takes its value.</summary>
internal enum FlagKind
{
    /// <summary>One text value: <c>--model gpt-image-2</c> or <c>--model=gpt-image-2</c>.</summary>
    Text,

    /// <summary>One whole number: <c>--n 2</c>.</summary>
    Number,

    /// <summary>Text that may be given more than once: <c>--image a.png --image b.png</c>.</summary>
    Repeated,

    /// <summary>No value (<c>--stream</c>), or an explicit <c>--stream=true|false</c>.</summary>
    Switch,
}

/// <summary>One command-line flag: its name without the dashes, how it takes a value, and its help line.</summary>
internal sealed record Flag(string Name, FlagKind Kind, string ValueName, string Help)
{
    /// <summary>Gets the flag as typed, for example <c>--model</c>.</summary>
    public string Display => "--" + Name;
}
