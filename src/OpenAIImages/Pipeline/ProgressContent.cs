using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Pipeline;

/// <summary>A request body that reports its upload (<see cref="ImageCallPhase.Sending"/>) as it is written, then <see cref="ImageCallPhase.WaitingForService"/>; the bytes and headers are the wrapped body's.</summary>
internal sealed class ProgressContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly ImageCall _call;

    public ProgressContent(HttpContent inner, ImageCall call)
    {
        _inner = inner;
        _call = call;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        long? total = _inner.Headers.ContentLength;
        _call.Report(new ImageCallProgress(ImageCallPhase.Sending) { BytesSent = 0, TotalBytes = total });
        using (var counting = new CountingStream(stream, sent => _call.Report(new ImageCallProgress(ImageCallPhase.Sending) { BytesSent = sent, TotalBytes = total })))
        {
            await _inner.CopyToAsync(counting).ConfigureAwait(false);
        }

        _call.Report(new ImageCallProgress(ImageCallPhase.WaitingForService));
    }

    protected override bool TryComputeLength(out long length)
    {
        long? known = _inner.Headers.ContentLength;
        length = known ?? -1;
        return known.HasValue;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Passes writes to the request stream and reports how many bytes have gone, after each write.</summary>
    private sealed class CountingStream(Stream inner, Action<long> sent) : Stream
    {
        private long _total;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _total; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Sent(count);
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            Sent(count);
        }

#if NET
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Sent(buffer.Length);
        }
#endif

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Sent(int count)
        {
            _total += count;
            sent(_total);
        }
    }
}
