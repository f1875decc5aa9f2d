using System;
using System.Globalization;

namespace OpenAIImages.Testing;

/// <summary>How long the emulator takes to make an image, per model and quality, on <see cref="ImagesEmulatorOptions.TimeProvider"/>.</summary>
/// <remarks>
/// A JSON answer comes after the whole time; a streamed one sends its events spread through it, each partial image a
/// coarser copy of the final one. Use <see cref="None"/> (the default) for unit tests, <see cref="Realistic"/> for demos and
/// to watch streaming or timeouts work, with a fake time provider to keep tests instant.
/// </remarks>
public sealed class EmulatedLatency
{
    private readonly Func<string, string, TimeSpan> _of;
    private readonly string _name;

    private EmulatedLatency(string name, Func<string, string, TimeSpan> of)
    {
        _name = name;
        _of = of;
    }

    /// <summary>Gets the profile that answers at once: the default.</summary>
    public static EmulatedLatency None { get; } = new("None", (_, _) => TimeSpan.Zero);

    /// <summary>Gets a profile from the service's typical times, rounded: GPT image models 15 s at <c>low</c>, 30 s at <c>medium</c>, 60 s at <c>high</c> (90 s and 120 s at <c>xhigh</c> and <c>max</c>; <c>-mini</c> models half), dall-e-3 12 s (20 s at <c>hd</c>), dall-e-2 6 s.</summary>
    /// <remarks>
    /// The figures are typical times reported publicly by users of the API, rounded; OpenAI's image generation guide
    /// says complex prompts may take up to 2 minutes. They are for demos and timeout tests, not a measurement of the service.
    /// </remarks>
    public static EmulatedLatency Realistic { get; } = new("Realistic", RealisticTime);

    /// <summary>Creates a profile that takes the same time for every model and quality.</summary>
    /// <param name="latency">The time per request; zero or more.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="latency"/> is negative.</exception>
    public static EmulatedLatency Fixed(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        return new EmulatedLatency($"Fixed({latency})", (_, _) => latency);
    }

    /// <summary>Creates a profile of your own: <paramref name="latencyOf"/> gets the model id and the quality the answer reports, and returns the time.</summary>
    /// <param name="latencyOf">The time per model and quality; it must not return a negative time.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="latencyOf"/> is <see langword="null"/>.</exception>
    public static EmulatedLatency From(Func<string, string, TimeSpan> latencyOf)
    {
        ArgumentNullException.ThrowIfNull(latencyOf);
        return new EmulatedLatency("Custom", (model, quality) => latencyOf(model, quality) is { } time && time >= TimeSpan.Zero
            ? time
            : throw new ArgumentOutOfRangeException(nameof(latencyOf), time, $"The latency of {model} at {quality} is negative."));
    }

    /// <summary>Reads a profile as <c>openai-images serve --latency</c> takes it: <c>none</c>, <c>realistic</c>, or a number of milliseconds.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException"><paramref name="text"/> is none of those.</exception>
    public static EmulatedLatency Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim().ToLowerInvariant();
        return value switch
        {
            "none" or "0" => None,
            "realistic" => Realistic,
            _ when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) => Fixed(TimeSpan.FromMilliseconds(ms)),
            _ => throw new ArgumentException($"Invalid latency '{text}': use none, realistic or a whole number of milliseconds.", nameof(text)),
        };
    }

    /// <summary>Gets how long a request for <paramref name="model"/> at <paramref name="quality"/> takes under this profile.</summary>
    /// <param name="model">The model id, such as <c>gpt-image-1</c>.</param>
    /// <param name="quality">The quality the answer reports, such as <c>high</c> or <c>standard</c>.</param>
    /// <returns>The time, zero or more.</returns>
    public TimeSpan For(string model, string quality)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(quality);
        return _of(model, quality);
    }

    /// <inheritdoc />
    public override string ToString() => _name;

    private static TimeSpan RealisticTime(string model, string quality)
    {
        if (model.StartsWith("dall-e-2", StringComparison.Ordinal))
        {
            return TimeSpan.FromSeconds(6);
        }

        if (model.StartsWith("dall-e-3", StringComparison.Ordinal))
        {
            return TimeSpan.FromSeconds(quality == "hd" ? 20 : 12);
        }

        double seconds = quality switch
        {
            "low" => 15,
            "high" => 60,
            "xhigh" => 90,
            "max" => 120,
            _ => 30,
        };
        return TimeSpan.FromSeconds(model.Contains("-mini", StringComparison.Ordinal) ? seconds / 2 : seconds);
    }
}
