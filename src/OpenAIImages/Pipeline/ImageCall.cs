using System;
using System.Net.Http;
using OpenAIImages.Requests;
using OpenAIImages.Responses;

namespace OpenAIImages.Pipeline;

/// <summary>Which of the API's endpoints a call goes to; the transport turns it into a URL.</summary>
internal enum ImageEndpoint
{
    Generations,
    Edits,
    Variations,
}

/// <summary>
/// One API call, as every attempt of it needs it: what the limiter and the log are told, where it goes, how to build a
/// fresh body, and where the images go. Built by <see cref="ImageRequestFactory"/>; immutable, so attempts share it.
/// </summary>
internal sealed class ImageCall
{
    private readonly Func<ImageCall, HttpContent>? _content;

    public ImageCall(string operation, ImageEndpoint endpoint, string? model, string? user, int images, object request, Func<ImageCall, HttpContent> content, ImageFileTarget? files)
    {
        Operation = operation;
        Endpoint = endpoint;
        Model = model;
        User = user;
        Images = images;
        Request = request;
        Files = files;
        _content = content;
    }

    /// <summary>A call to another path of the API below the base address (the Batch API's files and batches), with or without a body.</summary>
    public ImageCall(string operation, HttpMethod method, string path, Func<ImageCall, HttpContent>? content)
    {
        Operation = operation;
        Method = method;
        Path = path;
        Request = path;
        _content = content;
    }

    /// <summary>Gets the HTTP method; POST but for the Batch API's reads.</summary>
    public HttpMethod Method { get; } = HttpMethod.Post;

    /// <summary>Gets the path below the base address when the call is not to an images endpoint, or null.</summary>
    public string? Path { get; }

    /// <summary>Gets the operation's name, for messages and logs.</summary>
    public string Operation { get; }

    /// <summary>Gets the endpoint the call goes to.</summary>
    public ImageEndpoint Endpoint { get; }

    /// <summary>Gets the model id sent, or null for the server's default.</summary>
    public string? Model { get; }

    /// <summary>Gets the end-user id, for per-user rate limits.</summary>
    public string? User { get; }

    /// <summary>Gets how many images the call asks for, which is what the rate limiter counts.</summary>
    public int Images { get; }

    /// <summary>Gets the caller's request (an options record), which the body is written from.</summary>
    public object Request { get; }

    /// <summary>Gets what the call is priced by (its estimate, worked out when a budget asks, and its answer's actual cost); null for calls that are not generations, edits or variations.</summary>
    public Costs.CallPricing? Cost { get; init; }

    /// <summary>Gets where the call reports its phases, or null.</summary>
    public IProgress<ImageCallProgress>? Progress { get; init; }

    /// <summary>Reports a phase, when anyone listens.</summary>
    public void Report(ImageCallProgress progress) => Progress?.Report(progress);

    /// <summary>Gets where the images are written as they arrive, or null to keep them in memory.</summary>
    public ImageFileTarget? Files { get; }

    /// <summary>Builds a fresh body for an attempt: a retry sends the whole body again without rewinding the caller's streams.</summary>
    /// <exception cref="InvalidOperationException">The call has no body (<see cref="HasContent"/> is false).</exception>
    public HttpContent CreateContent() => _content is { } content ? content(this) : throw new InvalidOperationException($"The {Operation} call has no body.");

    /// <summary>Gets whether the call sends a body.</summary>
    public bool HasContent => _content is not null;
}
