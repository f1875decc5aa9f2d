using System;

namespace OpenAIImages;

/// <summary>The outcome of one request of <see cref="ImagesClientFanOutExtensions.GenerateManyAsync"/>: its result or the exception it ended with.</summary>
public sealed class ImageGenerationOutcome
{
    internal ImageGenerationOutcome(int index, ImageGenerationOptions request, ImageResult? result, Exception? error)
    {
        Index = index;
        Request = request;
        Result = result;
        Error = error;
    }

    /// <summary>Gets the request's position in the sequence given.</summary>
    public int Index { get; }

    /// <summary>Gets the request (null when the sequence given held null in its place, which fails with an <see cref="ArgumentNullException"/>).</summary>
    public ImageGenerationOptions Request { get; }

    /// <summary>Gets the result, when the request succeeded.</summary>
    public ImageResult? Result { get; }

    /// <summary>Gets the exception, when the request failed: an <see cref="ImageValidationException"/>, an <see cref="ImagesApiException"/>, a transport error, or an <see cref="ArgumentNullException"/> for a null request.</summary>
    public Exception? Error { get; }

    /// <summary>Gets whether the request succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Returns a short summary, for diagnostics.</summary>
    public override string ToString() => Succeeded ? $"#{Index}: {Result}" : $"#{Index}: failed: {Error!.Message}";
}
