using System;
using System.Collections.Generic;
using System.IO;
using OpenAIImages.Cli.Output;
using OpenAIImages.Cli.Parsing;

namespace OpenAIImages.Cli.Commands;

/// <summary>Builds the SDK's option records from the parsed flags; the SDK, not this code, decides what a model accepts.</summary>
/// <remarks>
/// The flags already parse to the SDK's types (<see cref="CliSymbols"/>), and the fields a generation and an edit share
/// are set in one place, <see cref="Shared{T}"/>, for generate, edit and every prompt of a batch.
/// </remarks>
internal static class RequestBuilder
{
    public const string DefaultModel = "gpt-image-2";

    // Variations exist only for dall-e-2, so that is the one model worth defaulting to there.
    public const string DefaultVariationModel = "dall-e-2";

    public static ImageGenerationOptions Generation(string prompt, CommandInput input) =>
        Shared(new ImageGenerationOptions(prompt) { Style = input.Get(input.Symbols.Style) }, input);

    public static ImageEditOptions Edit(string prompt, CommandInput input)
    {
        CliSymbols s = input.Symbols;
        string[] paths = input.Get(s.EditImages) ?? [];
        if (paths.Length == 0)
        {
            throw new UsageException($"edit needs at least one {s.EditImages.Name} FILE");
        }

        var images = new List<ImageInput>(paths.Length);
        foreach (string path in paths)
        {
            images.Add(EditInput(s.EditImages.Name, path));
        }

        return Shared(
            new ImageEditOptions(images, prompt)
            {
                Mask = input.Get(s.Mask) is { } mask ? EditInput(s.Mask.Name, mask) : null,
                Markup = input.Get(s.Markup) is { } markup ? Input(s.Markup.Name, markup) : null,
                InputFidelity = input.Get(s.InputFidelity),
            },
            input);
    }

    public static ImageVariationOptions Variation(CommandInput input)
    {
        CliSymbols s = input.Symbols;
        string[] paths = input.Get(s.VariationImage) ?? [];
        if (paths.Length != 1)
        {
            throw new UsageException(paths.Length == 0
                ? $"variation needs {s.VariationImage.Name} FILE"
                : $"variation takes one {s.VariationImage.Name}; got {paths.Length}");
        }

        // A variation shares only these five fields with the other requests, and has no common base type with them.
        return new ImageVariationOptions(Input(s.VariationImage.Name, paths[0]))
        {
            Model = input.Get(s.VariationModel) ?? DefaultVariationModel,
            Size = input.Get(s.VariationSize),
            N = input.Get(s.N),
            ResponseFormat = input.Get(s.ResponseFormat),
            User = input.Get(s.User),
        };
    }

    public static SaveContext ContextOf(ImageRequestOptions o) => new(o.Prompt, o.Prompt, ModelOf(o.Model), o.Size?.Value, o.Quality?.Value);

    public static SaveContext ContextOf(ImageVariationOptions o) =>
        new(null, "variation " + Path.GetFileNameWithoutExtension(o.Image.FileName), ModelOf(o.Model), o.Size?.Value, null);

    // A flag a command does not take reads as unset, so a batch never sends the SVG or streaming fields.
#pragma warning disable CS0618 // --user maps to the API's deprecated user field; --safety-identifier is its successor.
    private static T Shared<T>(T request, CommandInput input)
        where T : ImageRequestOptions
    {
        CliSymbols s = input.Symbols;
        return (T)(request with
        {
            Model = input.Get(s.Model) ?? DefaultModel,
            Size = input.Get(s.Size),
            Quality = input.Get(s.Quality),
            N = input.Get(s.N),
            ResponseFormat = input.Get(s.ResponseFormat),
            User = input.Get(s.User),
            SafetyIdentifier = input.Get(s.SafetyIdentifier),
            Background = input.Get(s.Background),
            OutputFormat = input.Get(s.OutputFormat),
            OutputCompression = input.Get(s.OutputCompression),
            Moderation = input.Get(s.Moderation),
            Complexity = input.Get(s.Complexity),
            FrameCount = input.Get(s.FrameCount),
            FrameDurationMs = input.Get(s.FrameDurationMs),
            Svg = Svg(input),
            PartialImages = input.Get(s.PartialImages),
        });
    }
#pragma warning restore CS0618

    private static string ModelOf(ImageModel? model) => model?.Value ?? DefaultModel;

    // Either flag makes the svg object; the SDK says when it does not fit the output format.
    private static ImageSvgOptions? Svg(CommandInput input)
    {
        string? model = input.Get(input.Symbols.SvgModel);
        string? effort = input.Get(input.Symbols.SvgReasoningEffort);
        return model is null && effort is null ? null : new ImageSvgOptions(model, effort);
    }

    /// <summary>An edit's image or mask: an https URL or a Files API id (sent as a JSON edit), else a local file (uploaded).</summary>
    /// <remarks>A value that starts with <c>file-</c> is a local file when one exists by that name, and a file id otherwise.</remarks>
    private static ImageInput EditInput(string flag, string value)
    {
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return ImageInput.FromUrl(value);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"{flag}: '{value}' is not a usable image URL: {ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]}", ex);
            }
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"{flag}: '{value}' is not an https URL; the API fetches images by https only");
        }

        if (value.StartsWith("file-", StringComparison.Ordinal) && !File.Exists(value))
        {
            return ImageInput.FromFileId(value);
        }

        return Input(flag, value);
    }

    private static ImageInput Input(string flag, string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{flag}: file '{path}' does not exist");
        }

        return ImageInput.FromFile(path);
    }
}
