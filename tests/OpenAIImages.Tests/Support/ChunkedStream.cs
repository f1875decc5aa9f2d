using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Tests.Support;

/// <summary>
/// A forward-only body that hands out at most <paramref name="chunk"/> bytes per read, as a slow socket does; with
/// <paramref name="hang"/> it then blocks until cancelled, with <paramref name="fail"/> the read after the last byte
/// fails as a reset connection does. <paramref name="atEnd"/> runs once the last byte is handed out.
/// </summary>
internal sealed class ChunkedStream(byte[] data, int chunk, bool hang = false, Action? atEnd = null, bool fail = false) : Stream
{
    private int _position;

    public bool Disposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, chunk), data.Length - _position);
        if (n == 0 && count > 0 && fail)
        {
            throw new IOException("The connection was reset.");
        }

        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        if (n > 0 && _position == data.Length)
        {
            atEnd?.Invoke();
        }

        return n;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (_position == data.Length && hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return Read(buffer, offset, count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        byte[] temp = new byte[buffer.Length];
        int n = await ReadAsync(temp, 0, temp.Length, cancellationToken);
        temp.AsSpan(0, n).CopyTo(buffer.Span);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
