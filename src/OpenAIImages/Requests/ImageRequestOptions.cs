using System;

namespace OpenAIImages;

/// <summary>What a generation and an edit have in common: the prompt, the model, and how the images should come out.</summary>
/// <remarks>
/// Unset properties are not sent, so the server's defaults apply. Which properties a model takes is checked against
/// the model catalog before anything is sent; see <see cref="ImagesClientOptions.ValidateRequests"/>.
/// </remarks>
public abstract record ImageRequestOptions
{
    /// <summary>Creates a request for <paramref name="prompt"/>.</summary>
    /// <param name="prompt">What the image should show.</param>
    private protected ImageRequestOptions(string prompt) => Prompt = prompt;

    /// <summary>Gets what the image should show (<c>prompt</c>); required. Up to 1,000 characters for dall-e-2, 4,000 for dall-e-3 and 32,000 for GPT image models.</summary>
    public string Prompt { get; init; }

    /// <summary>Gets the model (<c>model</c>); when null, <see cref="ImagesClientOptions.DefaultModel"/>, and when that is null too, the SDK's default (<c>gpt-image-2</c>).</summary>
    public ImageModel? Model { get; init; }

    /// <summary>Gets how many images to create (<c>n</c>): 1–10, and only 1 for dall-e-3.</summary>
    public int? N { get; init; }

    /// <summary>Gets the image size (<c>size</c>).</summary>
    public ImageSize? Size { get; init; }

    /// <summary>Gets the quality (<c>quality</c>).</summary>
    public ImageQuality? Quality { get; init; }

    /// <summary>Gets how images are returned (<c>response_format</c>); DALL·E models only, GPT image models always return bytes.</summary>
    public ImageResponseFormat? ResponseFormat { get; init; }

    /// <summary>Gets the background (<c>background</c>); GPT image models only.</summary>
    public ImageBackground? Background { get; init; }

    /// <summary>Gets the file format (<c>output_format</c>); GPT image models only.</summary>
    public ImageOutputFormat? OutputFormat { get; init; }

    /// <summary>Gets the compression level 0–100 (<c>output_compression</c>); GPT image models with the jpeg or webp format only.</summary>
    public int? OutputCompression { get; init; }

    /// <summary>Gets the content moderation level (<c>moderation</c>); GPT image models only, and for edits only from image references.</summary>
    public ImageModeration? Moderation { get; init; }

    /// <summary>Gets an id for the end user, to help OpenAI detect abuse (<c>user</c>); the API now prefers <see cref="SafetyIdentifier"/>.</summary>
    [Obsolete("The API deprecated user; set SafetyIdentifier instead. user is still sent when set.")]
    public string? User { get; init; }

    /// <summary>Gets a stable id for the end user, hashed if it identifies them, to help OpenAI detect abuse (<c>safety_identifier</c>); takes the place of <c>user</c>.</summary>
    public string? SafetyIdentifier { get; init; }

    /// <summary>Gets how much planning effort the model spends, independent of quality (<c>complexity</c>); gpt-image-2.5 and later.</summary>
    public ImageComplexity? Complexity { get; init; }

    /// <summary>Gets how many frames an animated GIF has (<c>frame_count</c>, 2–16, default 9); only with <see cref="ImageOutputFormat.Gif"/>.</summary>
    public int? FrameCount { get; init; }

    /// <summary>Gets how long each GIF frame shows, in milliseconds (<c>frame_duration_ms</c>, default 200); only with <see cref="ImageOutputFormat.Gif"/>.</summary>
    public int? FrameDurationMs { get; init; }

    /// <summary>Gets where the call reports its phases (rate-limit wait, upload, waiting for the service, reading, downloading, saving); null reports nothing.</summary>
    /// <remarks>Not sent. Reports come on the thread that reaches each phase; <see cref="Progress{T}"/> posts them to the context it was made on.</remarks>
    public IProgress<ImageCallProgress>? Progress { get; init; }

    /// <summary>Gets the SVG settings (<c>svg</c>); only with <see cref="ImageOutputFormat.Svg"/>.</summary>
    public ImageSvgOptions? Svg { get; init; }

    /// <summary>Gets how many partial images a stream sends before the final one (<c>partial_images</c>, 0–3); only with the streaming methods of <see cref="ImagesClient"/>.</summary>
    public int? PartialImages { get; init; }

    /// <summary>Gets the end user to partition rate limits by: the safety identifier, else the deprecated user.</summary>
#pragma warning disable CS0618 // user still counts where safety_identifier is not set.
    internal string? EndUser => SafetyIdentifier ?? User;
#pragma warning restore CS0618
}
