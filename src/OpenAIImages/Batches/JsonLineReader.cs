using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Batches;

/// <summary>Reads a JSONL stream one line at a time into a pooled buffer that grows to the longest line, never to the whole file.</summary>
internal sealed class JsonLineReader : IDisposable
{
    private const int ReadSize = 64 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
    private int _start;
    private int _end;
    private bool _ended;

    public JsonLineReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Gets the line read last, without its line break; valid until the next read.</summary>
    public ArraySegment<byte> Line { get; private set; }

    /// <summary>Reads the next non-blank line.</summary>
    /// <returns>False at the end of the stream.</returns>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0 || (_ended && _end > _start))
            {
                int stop = newline >= 0 ? newline : _end;
                int length = stop - _start;
                if (length > 0 && _buffer[stop - 1] == (byte)'\r')
                {
                    length--;
                }

                var line = new ArraySegment<byte>(_buffer, _start, length);
                _start = newline >= 0 ? newline + 1 : _end;
                if (IsBlank(line))
                {
                    continue;
                }

                Line = line;
                return true;
            }

            if (_ended)
            {
                return false;
            }

            Compact();
#if NET
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
#else
            int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
#endif
            _ended = read == 0;
            _end += read;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
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
}
