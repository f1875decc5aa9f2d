using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Batches;

/// <summary>
/// Reads a JSONL stream one line at a time into a pooled buffer that holds at most a window of a line: a line that ends
/// within it comes whole; of a longer one (an image's base64) only its first bytes, and the caller streams the rest
/// (<see cref="OpenValue"/>, <see cref="SkipLineAsync"/>), so a 50 MB line never sits in memory.
/// </summary>
internal sealed class JsonLineReader : IDisposable
{
    /// <summary>The most of one line held in memory at a time, unless a caller asks for a whole line (<see cref="ReadWholeAsync"/>).</summary>
    public const int DefaultWindow = 1024 * 1024;

    private const int ReadSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _window;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
    private int _start;
    private int _end;

    // Where the search for the current line's break goes on: the bytes before it hold none.
    private int _scanned;
    private bool _ended;

    public JsonLineReader(Stream stream, int window = DefaultWindow)
    {
        _stream = stream;
        _window = window;
    }

    /// <summary>Gets the line read last, without its line break (valid until the next read), or its first bytes when <see cref="IsWhole"/> is false.</summary>
    public ArraySegment<byte> Line { get; private set; }

    /// <summary>Gets whether <see cref="Line"/> is the whole line; when not, the reader stands at the line's start.</summary>
    public bool IsWhole { get; private set; }

    /// <summary>Reads the next non-blank line: whole when it ends within the window, else only its first bytes.</summary>
    /// <returns>False at the end of the stream.</returns>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TakeLine())
            {
                if (IsBlank(Line))
                {
                    continue;
                }

                return true;
            }

            if (_ended)
            {
                return false;
            }

            if (_end - _start >= _window)
            {
                Line = new ArraySegment<byte>(_buffer, _start, _end - _start);
                IsWhole = false;
                return true;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the rest of a line whose start <see cref="ReadAsync"/> gave, holding all of it: for the rare line whose shape cannot be streamed.</summary>
    public async ValueTask ReadWholeAsync(CancellationToken cancellationToken)
    {
        while (!TakeLine())
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A stream of the JSON object or array that starts <paramref name="offset"/> bytes into the current line: it ends after the value's last byte, or at the line's end when the value is cut short.</summary>
    public Stream OpenValue(int offset)
    {
        _start += offset;
        _scanned = Math.Max(_scanned, _start);
        return new ValueStream(this);
    }

    /// <summary>Discards the rest of the current line, its line break included.</summary>
    public async ValueTask SkipLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                _start = newline + 1;
                _scanned = _start;
                return;
            }

            _start = _end;
            _scanned = _end;
            if (_ended)
            {
                return;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Takes the line at the front when its break has arrived (or the stream ended after it).
    private bool TakeLine()
    {
        int newline = Array.IndexOf(_buffer, (byte)'\n', _scanned, _end - _scanned);
        if (newline < 0 && !(_ended && _end > _start))
        {
            _scanned = _end;
            return false;
        }

        int stop = newline >= 0 ? newline : _end;
        int length = stop - _start;
        if (length > 0 && _buffer[stop - 1] == (byte)'\r')
        {
            length--;
        }

        Line = new ArraySegment<byte>(_buffer, _start, length);
        IsWhole = true;
        _start = newline >= 0 ? newline + 1 : _end;
        _scanned = _start;
        return true;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        Compact();
#if NET
        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
#else
        int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
#endif
        _ended = read == 0;
        _end += read;
    }

    private static bool IsBlank(ArraySegment<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    // Moves the unread bytes to the front and makes room for a read, growing when one line fills the buffer.
    private void Compact()
    {
        int unread = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            _scanned -= _start;
            _start = 0;
            _end = unread;
        }

        if (_buffer.Length - _end < ReadSize)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, unread + ReadSize));
            Buffer.BlockCopy(_buffer, 0, larger, 0, unread);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    /// <summary>One JSON value of the line, read through the reader's buffer: its end is found by counting brackets outside strings.</summary>
    private sealed class ValueStream(JsonLineReader owner) : Stream
    {
        private int _depth;
        private bool _inString;
        private bool _escaped;
        private bool _done;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (_done || count == 0)
            {
                return 0;
            }

            if (owner._start == owner._end)
            {
                if (owner._ended)
                {
                    _done = true;
                    return 0;
                }

                await owner.FillAsync(cancellationToken).ConfigureAwait(false);
                if (owner._start == owner._end)
                {
                    _done = true;
                    return 0;
                }
            }

            int taken = Scan(owner._buffer, owner._start, Math.Min(count, owner._end - owner._start));
            Buffer.BlockCopy(owner._buffer, owner._start, buffer, offset, taken);
            owner._start += taken;
            owner._scanned = Math.Max(owner._scanned, owner._start);
            return taken;
        }

#if NET
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length, ReadSize));
            try
            {
                int read = await ReadAsync(rented, 0, Math.Min(buffer.Length, rented.Length), cancellationToken).ConfigureAwait(false);
                rented.AsSpan(0, read).CopyTo(buffer.Span);
                return read;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
#endif

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        // How many of the bytes belong to the value: all, or up to its closing bracket, or up to a line break (not taken).
        private int Scan(byte[] bytes, int start, int count)
        {
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[start + i];
                if (b == (byte)'\n')
                {
                    _done = true;
                    return i;
                }

                if (_inString)
                {
                    if (_escaped)
                    {
                        _escaped = false;
                    }
                    else if (b == (byte)'\\')
                    {
                        _escaped = true;
                    }
                    else if (b == (byte)'"')
                    {
                        _inString = false;
                    }
                }
                else if (b == (byte)'"')
                {
                    _inString = true;
                }
                else if (b is (byte)'{' or (byte)'[')
                {
                    _depth++;
                }
                else if (b is (byte)'}' or (byte)']' && --_depth <= 0)
                {
                    _done = true;
                    return i + 1;
                }
            }

            return count;
        }
    }
}
