using System;
using System.Net.Http;
using System.Threading;

namespace OpenAIImages.Pipeline;

/// <summary>
/// A success answer, as the pipeline hands it to the client to read: the response (headers read, body not yet), its
/// request id, and the attempt's time limit, which keeps running until the answer is disposed.
/// </summary>
internal sealed class ImagesResponse : IDisposable
{
    private readonly AttemptTimer _timer;

    public ImagesResponse(HttpResponseMessage message, string? requestId, AttemptTimer timer)
    {
        Message = message;
        RequestId = requestId;
        _timer = timer;
    }

    /// <summary>Gets the response; its status is a success.</summary>
    public HttpResponseMessage Message { get; }

    /// <summary>Gets the <c>x-request-id</c>, redacted.</summary>
    public string? RequestId { get; }

    /// <summary>Gets the token to read the body with: cancelled when the caller cancels or the attempt's time runs out.</summary>
    public CancellationToken Token => _timer.Token;

    /// <summary>Gets the SDK's exception for a read that was cancelled, or null when the caller cancelled it (it goes out as it is).</summary>
    public ImagesTimeoutException? TimeoutOf(OperationCanceledException cancelled) => _timer.Expired ? _timer.TimedOut(cancelled) : null;

    /// <summary>Ends the attempt's time limit, for a stream whose events may take longer than an attempt.</summary>
    public void EndTimeLimit() => _timer.Dispose();

    /// <summary>Disposes the response (closing its connection if the body was not read to the end) and the timer.</summary>
    public void Dispose()
    {
        Message.Dispose();
        _timer.Dispose();
    }
}
