using System;
using System.IO;
using System.IO.Pipelines;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Testing.Transport;

/// <summary>
/// A request's content written into a pipe while the engine reads it, as a connection would carry it: the body is never
/// whole in memory (the pipe holds at most 64 KB), however large the upload and whatever kind of content sends it.
/// </summary>
internal sealed class ContentPipe : IAsyncDisposable
{
    private readonly Pipe _pipe = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _sending;
    private volatile bool _stopping;

    public ContentPipe(HttpContent content, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Body = _pipe.Reader.AsStream();
        _sending = Task.Run(() => SendAsync(content));
    }

    /// <summary>Gets the body as the engine reads it.</summary>
    public Stream Body { get; }

    /// <summary>Gets the content's own failure while it was being sent (not one caused by the engine reading no further).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Stops the send if the engine did not read the whole body, and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pipe.Reader.CompleteAsync(new OperationCanceledException("The emulator has answered; it reads no more of the body.")).ConfigureAwait(false);
        await _sending.ConfigureAwait(false);
        _stop.Dispose();
    }

    // Never throws: a failure reaches the engine through the pipe, and the caller through Failure.
    private async Task SendAsync(HttpContent content)
    {
        Exception? failure = null;
        try
        {
            await content.CopyToAsync(_pipe.Writer.AsStream(leaveOpen: true), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failure = exception;
            if (!_stopping)
            {
                Failure = exception;
            }
        }

        await _pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
    }
}
