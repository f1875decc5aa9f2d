using System;
using System.Collections.Generic;

namespace OpenAIImages.Testing;

/// <summary>Settings of a <see cref="RecordingHandler"/>: where recordings live, the mode, which fields to ignore, and whether to shrink images.</summary>
public sealed class RecordingOptions
{
    /// <summary>The environment variable <see cref="FromEnvironment(string, RecordingMode)"/> reads the mode from: <c>record</c>, <c>replay</c> or <c>record-if-missing</c>.</summary>
    public const string ModeVariable = "OPENAI_IMAGES_RECORDING_MODE";

    /// <summary>Creates settings for recordings in <paramref name="directory"/>, in <see cref="RecordingMode.Replay"/> mode.</summary>
    /// <param name="directory">The folder of the recording files; created when the first one is written.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or white space.</exception>
    public RecordingOptions(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
    }

    /// <summary>Gets the folder of the recording files: one JSON file per exchange.</summary>
    public string Directory { get; }

    /// <summary>Gets or sets what the handler does with each request; default <see cref="RecordingMode.Replay"/>.</summary>
    public RecordingMode Mode { get; set; } = RecordingMode.Replay;

    /// <summary>Gets the request fields (JSON members or multipart parts, by name) left out when a request is matched to a recording, for fields that change each run such as a <c>user</c> id made per test run.</summary>
    /// <remarks>Empty by default: every field counts, and file parts count by their content.</remarks>
    public ISet<string> IgnoredFields { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets or sets whether base64 images in recorded answers (<c>b64_json</c>, streamed events included) are replaced by a small image of the same format and size; default <see langword="false"/>.</summary>
    /// <remarks>A solid-colour PNG, JPEG, WebP or GIF compresses to a few kilobytes, so recordings of 1024x1024 images stay small enough to commit. Replays then return the small image, not the recorded one.</remarks>
    public bool ShrinkImages { get; set; }

    /// <summary>Creates settings whose mode comes from <see cref="ModeVariable"/>, or <paramref name="fallback"/> when it is not set.</summary>
    /// <param name="directory">The folder of the recording files.</param>
    /// <param name="fallback">The mode when the variable is unset or empty; default <see cref="RecordingMode.Replay"/>.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty, or the variable holds something other than <c>record</c>, <c>replay</c> or <c>record-if-missing</c>.</exception>
    public static RecordingOptions FromEnvironment(string directory, RecordingMode fallback = RecordingMode.Replay)
    {
        string? value = Environment.GetEnvironmentVariable(ModeVariable)?.Trim();
        RecordingMode mode = string.IsNullOrEmpty(value) ? fallback : value.ToLowerInvariant() switch
        {
            "record" => RecordingMode.Record,
            "replay" => RecordingMode.Replay,
            "record-if-missing" or "recordifmissing" => RecordingMode.RecordIfMissing,
            _ => throw new ArgumentException($"{ModeVariable} is '{value}'; use record, replay or record-if-missing."),
        };
        return new RecordingOptions(directory) { Mode = mode };
    }
}
