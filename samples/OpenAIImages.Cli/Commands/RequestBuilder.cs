using System;
using System.Collections.Generic;
using System.IO;
using OpenAIImages.Cli.CommandLine;
using OpenAIImages.Cli.Output;

namespace OpenAIImages.Cli.Commands;

/// <summary>Builds the SDK's option records from the flags; the SDK, not this code, decides what a model accepts.</summary>
internal static class RequestBuilder
{
    public const string DefaultModel = "gpt-image-2";

    // Variations exist only for dall-e-2, so that is the one model worth defaulting to there.
    public const string DefaultVariationModel = "dall-e-2";

#pragma warning disable CS0618 // --user maps to the API's deprecated user field; --safety-identifier is its successor.
    public static ImageGenerationOptions Generation(string prompt, ParsedArguments a) => new(prompt)
    {
        Model = a.Text(Flags.Model) ?? DefaultModel,
        Size = Value(a, Flags.Size, v => new ImageSize(v)),
        Quality = Value(a, Flags.Quality, v => new ImageQuality(v)),
        Style = Value(a, Flags.Style, v => new ImageStyle(v)),
        N = a.Number(Flags.N),
        ResponseFormat = Value(a, Flags.ResponseFormat, v => new ImageResponseFormat(v)),
        User = a.Text(Flags.User),
        SafetyIdentifier = a.Text(Flags.SafetyIdentifier),
        Background = Value(a, Flags.Background, v => new ImageBackground(v)),
        OutputFormat = Value(a, Flags.OutputFormat, v => new ImageOutputFormat(v)),
        OutputCompression = a.Number(Flags.OutputCompression),
        Moderation = Value(a, Flags.Moderation, v => new ImageModeration(v)),
        Complexity = Value(a, Flags.Complexity, v => new ImageComplexity(v)),
        FrameCount = a.Number(Flags.FrameCount),
        FrameDurationMs = a.Number(Flags.FrameDurationMs),
        Svg = Svg(a),
        PartialImages = a.Number(Flags.PartialImages),
    };

    public static ImageEditOptions Edit(string prompt, ParsedArguments a)
    {
        IReadOnlyList<string> paths = a.All(Flags.Image);
        if (paths.Count == 0)
        {
            throw new UsageException($"edit needs at least one {Flags.Image.Display} FILE");
        }

        var images = new List<ImageInput>(paths.Count);
        foreach (string path in paths)
        {
            images.Add(EditInput(Flags.Image, path));
        }

        return new ImageEditOptions(images, prompt)
        {
            Mask = a.Text(Flags.Mask) is { } mask ? EditInput(Flags.Mask, mask) : null,
            Markup = a.Text(Flags.Markup) is { } markup ? Input(Flags.Markup, markup) : null,
            Model = a.Text(Flags.Model) ?? DefaultModel,
            Size = Value(a, Flags.Size, v => new ImageSize(v)),
            Quality = Value(a, Flags.Quality, v => new ImageQuality(v)),
            N = a.Number(Flags.N),
            ResponseFormat = Value(a, Flags.ResponseFormat, v => new ImageResponseFormat(v)),
            User = a.Text(Flags.User),
            SafetyIdentifier = a.Text(Flags.SafetyIdentifier),
            Background = Value(a, Flags.Background, v => new ImageBackground(v)),
            OutputFormat = Value(a, Flags.OutputFormat, v => new ImageOutputFormat(v)),
            OutputCompression = a.Number(Flags.OutputCompression),
            InputFidelity = Value(a, Flags.InputFidelity, v => new ImageInputFidelity(v)),
            Moderation = Value(a, Flags.Moderation, v => new ImageModeration(v)),
            Complexity = Value(a, Flags.Complexity, v => new ImageComplexity(v)),
            FrameCount = a.Number(Flags.FrameCount),
            FrameDurationMs = a.Number(Flags.FrameDurationMs),
            Svg = Svg(a),
            PartialImages = a.Number(Flags.PartialImages),
        };
    }
#pragma warning restore CS0618

    public static ImageVariationOptions Variation(ParsedArguments a)
    {
        IReadOnlyList<string> paths = a.All(Flags.Image);
        if (paths.Count != 1)
        {
            throw new UsageException(paths.Count == 0
                ? $"variation needs {Flags.Image.Display} FILE"
                : $"variation takes one {Flags.Image.Display}; got {paths.Count}");
        }

        return new ImageVariationOptions(Input(Flags.Image, paths[0]))
        {
            Model = a.Text(Flags.Model) ?? DefaultVariationModel,
            Size = Value(a, Flags.Size, v => new ImageSize(v)),
            N = a.Number(Flags.N),
            ResponseFormat = Value(a, Flags.ResponseFormat, v => new ImageResponseFormat(v)),
            User = a.Text(Flags.User),
        };
    }

    public static SaveContext ContextOf(ImageGenerationOptions o) => new(o.Prompt, o.Prompt, ModelOf(o.Model), o.Size?.Value, o.Quality?.Value);

    public static SaveContext ContextOf(ImageEditOptions o) => new(o.Prompt, o.Prompt, ModelOf(o.Model), o.Size?.Value, o.Quality?.Value);

    public static SaveContext ContextOf(ImageVariationOptions o) =>
        new(null, "variation " + Path.GetFileNameWithoutExtension(o.Image.FileName), ModelOf(o.Model), o.Size?.Value, null);

    private static string ModelOf(ImageModel? model) => model?.Value ?? DefaultModel;

    // Either flag makes the svg object; the SDK says when it does not fit the output format.
    private static ImageSvgOptions? Svg(ParsedArguments a) =>
        a.Has(Flags.SvgModel) || a.Has(Flags.SvgReasoningEffort)
            ? new ImageSvgOptions(a.Text(Flags.SvgModel), a.Text(Flags.SvgReasoningEffort))
            : null;

    /// <summary>An edit's image or mask: an https URL or a Files API id (sent as a JSON edit), else a local file (uploaded).</summary>
    /// <remarks>A value that starts with <c>file-</c> is a local file when one exists by that name, and a file id otherwise.</remarks>
    private static ImageInput EditInput(Flag flag, string value)
    {
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return ImageInput.FromUrl(value);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"{flag.Display}: '{value}' is not a usable image URL: {ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]}", ex);
            }
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"{flag.Display}: '{value}' is not an https URL; the API fetches images by https only");
        }

        if (value.StartsWith("file-", StringComparison.Ordinal) && !File.Exists(value))
        {
            return ImageInput.FromFileId(value);
        }

        return Input(flag, value);
    }

    private static ImageInput Input(Flag flag, string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{flag.Display}: file '{path}' does not exist");
        }

        return ImageInput.FromFile(path);
    }

    // Values are trimmed and non-empty by then, so the constructors do not throw; a null flag stays null rather than becoming "".
    private static T? Value<T>(ParsedArguments a, Flag flag, Func<string, T> create)
        where T : struct => a.Text(flag) is { } text ? create(text) : null;
}
