using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Batches;

/// <summary>
/// A response body whose every read must bring bytes within a time limit, on the options' clock: a body that stalls
/// after its headers ends in an <see cref="ImagesTimeoutException"/> however long the whole download is allowed to be.
/// </summary>
internal sealed class StallTimeoutStream(Stream inner, string operation, TimeSpan limit, TimeProvider time) : Stream
{
    private readonly bool _limited = TimeLimit.Applies(limit);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (!_limited)
        {
            return await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        }

#if NET
        using var timer = new CancellationTokenSource(limit, time);
#else
        using CancellationTokenSource timer = time.CreateCancellationTokenSource(limit);
#endif
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            return await inner.ReadAsync(buffer, offset, count, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            throw new ImagesTimeoutException(
                $"The {operation} stalled: no byte arrived for {limit.TotalSeconds:0.###} s (ImagesClientOptions.DownloadTimeout).", limit, false, ex);
        }
    }

#if NET
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_limited)
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        using var timer = new CancellationTokenSource(limit, time);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            throw new ImagesTimeoutException(
                $"The {operation} stalled: no byte arrived for {limit.TotalSeconds:0.###} s (ImagesClientOptions.DownloadTimeout).", limit, false, ex);
        }
    }
#endif

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
