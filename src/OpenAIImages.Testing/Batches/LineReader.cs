using System;
using System.IO;

namespace OpenAIImages.Testing.Batches;

/// <summary>Reads a stream's lines (split at <c>\n</c>, which is left off) a 64 KB block at a time; a longer line grows the buffer.</summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _input;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start; // where the next line starts
    private int _end; // how far the buffer holds data
    private bool _ended;

    /// <param name="input">The stream, owned from here on.</param>
    public LineReader(Stream input)
    {
        _input = input;
    }

    /// <summary>Reads the next line, valid until the next call; <see langword="false"/> once none is left (a last line without <c>\n</c> still counts).</summary>
    public bool TryRead(out ReadOnlyMemory<byte> line)
    {
        int searched = 0; // bytes from _start known to hold no \n
        while (true)
        {
            int newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsMemory(_start, searched + newline);
                _start += searched + newline + 1;
                return true;
            }

            searched = _end - _start;
            if (_ended)
            {
                line = _buffer.AsMemory(_start, searched);
                _start = _end;
                return !line.IsEmpty;
            }

            Fill();
        }
    }

    public void Dispose() => _input.Dispose();

    // Moves the unread bytes to the front, growing the buffer when they fill it, and reads the next block after them.
    private void Fill()
    {
        int unread = _end - _start;
        if (unread == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        }

        _start = 0;
        _end = unread;
        int read = _input.Read(_buffer, _end, _buffer.Length - _end);
        _ended = read == 0;
        _end += read;
    }
}
