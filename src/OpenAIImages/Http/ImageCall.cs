using System;
using System.Net.Http;
using System.Threading;
using OpenAIImages.Requests;
using OpenAIImages.Responses;

namespace OpenAIImages.Http;

/// <summary>
/// One API call, as every attempt of it needs it: what the limiter and the log are told, where it goes, how to build a
/// fresh body, and where the images go. One object per call, so the pipeline needs no closures or boxed properties.
/// </summary>
internal sealed class ImageCall
{
    private readonly Func<HttpContent>? _content;
    private readonly ImageGenerationOptions? _generation;
    private readonly bool _stream;

    /// <summary>A call whose body is built by <paramref name="content"/> (edits and variations).</summary>
    public ImageCall(string operation, string? model, string? user, int images, Uri uri, Func<HttpContent> content, ImageFileTarget? files = null)
    {
        Operation = operation;
        Model = model;
        User = user;
        Images = images;
        Uri = uri;
        Files = files;
        _content = content;
    }

    /// <summary>A generation: its JSON body is written from <paramref name="options"/> (no closure needed).</summary>
    public ImageCall(ImageGenerationOptions options, string? model, bool stream, Uri uri, ImageFileTarget? files)
    {
        Operation = "generation";
        Model = model;
        User = options.EndUser;
        Images = options.N ?? 1;
        Uri = uri;
        Files = files;
        _generation = options;
        _stream = stream;
    }

    /// <summary>Gets the operation's name, for messages and logs.</summary>
    public string Operation { get; }

    /// <summary>Gets the model id sent, or null for the server's default.</summary>
    public string? Model { get; }

    /// <summary>Gets the end-user id, for per-user rate limits.</summary>
    public string? User { get; }

    /// <summary>Gets how many images the call asks for, which is what the rate limiter counts.</summary>
    public int Images { get; }

    /// <summary>Gets the endpoint.</summary>
    public Uri Uri { get; }

    /// <summary>Gets where the images are written as they arrive, or null to keep them in memory.</summary>
    public ImageFileTarget? Files { get; }

    /// <summary>Gets or sets the caller's own token: inside the pipeline, an attempt's token may be cancelled by its timeout instead.</summary>
    public CancellationToken CallerToken { get; set; }

    /// <summary>Gets or sets when the call's overall timeout runs out, as a <see cref="TimeProvider"/> timestamp; null without one.</summary>
    public long? Deadline { get; set; }

    /// <summary>Gets or sets whether the current attempt's time limit is what is left of the overall timeout (so its expiry is the call's).</summary>
    public bool AttemptLimitIsOverall { get; set; }

    /// <summary>Gets or sets whether the deadline has passed before an attempt could start, or would pass during a rate-limit wait.</summary>
    public bool DeadlineReached { get; set; }

    /// <summary>Gets what is left until the deadline (never negative), or null without one.</summary>
    public TimeSpan? Remaining(TimeProvider time)
    {
        if (Deadline is not { } deadline)
        {
            return null;
        }

        TimeSpan remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>Builds a fresh body for an attempt.</summary>
    public HttpContent CreateContent() => _generation is not null ? JsonRequestWriter.Create(_generation, Model, _stream) : _content!();
}
