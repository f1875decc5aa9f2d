using System;
using System.Buffers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Responses;

/// <summary>
/// One <c>b64_json</c> value decoded as it arrives, into memory or into a file: one type with two targets, so the
/// in-memory and the to-files calls accept and reject exactly the same text (<see cref="Base64StringDecoder"/>).
/// </summary>
/// <remarks>
/// In memory the decoded bytes grow in one pooled array, copied once into an array of their exact size at the end;
/// to a file they pass through one pooled block, written out whenever it fills.
/// </remarks>
internal sealed class Base64ImageSink : IDisposable
{
    private const int InitialMemorySize = 16 * 1024;

    // The decoder stops when less than this is free; a block is then written out (file) or the array grown (memory).
    private const int MinimumRoom = 8 * 1024;

    private readonly Base64StringDecoder _decoder = new();
    private byte[] _block;
    private int _filled;

    private Base64ImageSink(ImageFileWriter? file, int size)
    {
        File = file;
        _block = ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>Gets the file the bytes go to, or null when they are kept in memory.</summary>
    public ImageFileWriter? File { get; }

    /// <summary>Gets whether the value's closing quote has been read.</summary>
    public bool Completed => _decoder.Completed;

    /// <summary>Gets whether the value turned out not to be a string; nothing was consumed and nothing written.</summary>
    public bool NotAString => _decoder.NotAString;

    /// <summary>Gets whether the decoded bytes should be written out before more is decoded.</summary>
    public bool MustFlush => File is not null && _filled > 0 && (Completed || _block.Length - _filled < MinimumRoom);

    /// <summary>Gets how many bytes were decoded in all.</summary>
    public long Length { get; private set; }

    public static Base64ImageSink ToMemory() => new(null, InitialMemorySize);

    public static Base64ImageSink ToFile(ImageFileWriter file) => new(file, AtomicFile.WriteBlockSize);

    /// <summary>Decodes what has arrived of the value.</summary>
    /// <returns>How many bytes of <paramref name="input"/> were used; 0 when more input is needed (or a flush, see <see cref="MustFlush"/>).</returns>
    /// <exception cref="JsonException">The text is not valid base64, or the body ended inside it.</exception>
    public int Decode(ReadOnlySpan<byte> input, bool isFinal)
    {
        if (File is null && _block.Length - _filled < MinimumRoom)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_block.Length * 2);
            Buffer.BlockCopy(_block, 0, larger, 0, _filled);
            ArrayPool<byte>.Shared.Return(_block);
            _block = larger;
        }

        int used = _decoder.Decode(input, _block.AsSpan(_filled), isFinal, out int written);
        _filled += written;
        Length += written;
        if (isFinal && used == input.Length && !_decoder.Completed && !_decoder.NotAString && !MustFlush)
        {
            throw new JsonException("The response body ended inside a b64_json value.");
        }

        return used;
    }

    /// <summary>Writes the decoded block to the file.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await File!.WriteAsync(_block, 0, _filled, cancellationToken).ConfigureAwait(false);
        _filled = 0;
    }

    /// <summary>The decoded bytes, in an array of their exact size (in memory only).</summary>
    public byte[] ToArray() => _block.AsSpan(0, _filled).ToArray();

    public void Dispose()
    {
        byte[] block = _block;
        _block = [];
        _filled = 0;
        if (block.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }
}
