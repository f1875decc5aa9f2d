using System.IO;

namespace OpenAIImages.Testing.Imaging;

/// <summary>Packs bits least significant first, as WebP lossless and GIF's LZW data are laid out.</summary>
internal sealed class LsbBitWriter
{
    private readonly MemoryStream _output = new();
    private ulong _buffer;
    private int _count;

    /// <summary>Appends the low <paramref name="length"/> bits of <paramref name="bits"/> (at most 32).</summary>
    public void Write(uint bits, int length)
    {
        _buffer |= (ulong)(bits & (length == 32 ? uint.MaxValue : (1u << length) - 1)) << _count;
        _count += length;
        while (_count >= 8)
        {
            _output.WriteByte((byte)_buffer);
            _buffer >>= 8;
            _count -= 8;
        }
    }

    /// <summary>Pads the last byte with zero bits and returns everything written.</summary>
    public byte[] ToArray()
    {
        if (_count > 0)
        {
            _output.WriteByte((byte)_buffer);
            _buffer = 0;
            _count = 0;
        }

        return _output.ToArray();
    }
}
