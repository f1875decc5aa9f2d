using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace OpenAIImages.Testing.Batches;

/// <summary>A stream over a file handle it does not own: reads at its own position (up to a length), or appends when writing.</summary>
internal sealed class HandleStream : Stream
{
    private readonly SafeFileHandle _handle;
    private readonly bool _writing;
    private long _length;
    private long _position;

    /// <summary>Creates a reader of the first <paramref name="length"/> bytes.</summary>
    public HandleStream(SafeFileHandle handle, long length)
    {
        _handle = handle;
        _length = length;
    }

    /// <summary>Creates a writer that appends from the start of an empty file.</summary>
    public HandleStream(SafeFileHandle handle)
    {
        _handle = handle;
        _writing = true;
    }

    public override bool CanRead => !_writing;

    public override bool CanSeek => false;

    public override bool CanWrite => _writing;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_writing)
        {
            throw new NotSupportedException();
        }

        int wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        int read = RandomAccess.Read(_handle, buffer[..wanted], _position);
        _position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_writing)
        {
            throw new NotSupportedException();
        }

        RandomAccess.Write(_handle, buffer, _position);
        _position += buffer.Length;
        _length = _position;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
