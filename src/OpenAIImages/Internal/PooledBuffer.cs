using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Internal;

/// <summary>
/// The read buffer of the response readers: one pooled array holding the bytes read but not yet used, which shifts
/// them to its start before each read and doubles only when a single token (one image's base64 text, one SSE line)
/// fills it whole. Returned to the pool on <see cref="Dispose"/>.
/// </summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] _array;
    private int _start;
    private int _end;

    public PooledBuffer(int initialSize) => _array = ArrayPool<byte>.Shared.Rent(initialSize);

    /// <summary>Gets the bytes read and not yet consumed.</summary>
    public ReadOnlySpan<byte> Data => _array.AsSpan(_start, _end - _start);

    /// <summary>Gets the bytes read and not yet consumed, valid until the next read or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(_start, _end - _start);

    /// <summary>Gets how many bytes are read and not yet consumed.</summary>
    public int Length => _end - _start;

    /// <summary>Gets whether the unconsumed bytes fill the whole array (a read now would have to grow it).</summary>
    public bool IsFull => _start == 0 && _end == _array.Length;

    /// <summary>Marks <paramref name="count"/> bytes at the start of <see cref="Data"/> as used.</summary>
    public void Consume(int count) => _start += count;

    /// <summary>Reads more bytes after the unconsumed ones: shifts them to the front, grows the array if they fill it.</summary>
    /// <remarks>A read the stream completes at once (bytes already received) runs no state machine.</remarks>
    /// <returns>How many bytes were read; 0 at the end of the stream.</returns>
    public ValueTask<int> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_array, _start, _array, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _array.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_array.Length * 2);
            Buffer.BlockCopy(_array, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }

#if NET
        ValueTask<int> read = stream.ReadAsync(_array.AsMemory(_end), cancellationToken);
#else
        var read = new ValueTask<int>(stream.ReadAsync(_array, _end, _array.Length - _end, cancellationToken));
#endif
        if (read.IsCompletedSuccessfully)
        {
            int count = read.Result;
            _end += count;
            return new ValueTask<int>(count);
        }

        return AddAsync(read);
    }

    private async ValueTask<int> AddAsync(ValueTask<int> read)
    {
        int count = await read.ConfigureAwait(false);
        _end += count;
        return count;
    }

    public void Dispose()
    {
        byte[] array = _array;
        _array = [];
        _start = _end = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
