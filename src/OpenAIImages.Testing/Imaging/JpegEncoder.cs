using System;
using System.IO;

namespace OpenAIImages.Testing.Imaging;

/// <summary>
/// Writes baseline JPEG (ITU T.81, JFIF): YCbCr 4:4:4, the Annex K quantisation tables scaled by quality as libjpeg
/// does, the Annex K Huffman tables, one scan. Alpha is dropped: JPEG has none.
/// </summary>
internal static class JpegEncoder
{
    // Annex K.1, natural (row-major) order.
    private static readonly byte[] LuminanceQuantisation =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly byte[] ChrominanceQuantisation =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    // Zig-zag position k -> natural index.
    private static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    // Annex K.3: code counts per length 1..16, then the symbols.
    private static readonly byte[] DcLuminanceBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcLuminanceValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] DcChrominanceBits = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    private static readonly byte[] DcChrominanceValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] AcLuminanceBits = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
    private static readonly byte[] AcLuminanceValues =
    [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
        0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
        0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
        0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
        0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
        0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
        0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
        0xf9, 0xfa,
    ];

    private static readonly byte[] AcChrominanceBits = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
    private static readonly byte[] AcChrominanceValues =
    [
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
        0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
        0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
        0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
        0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
        0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
        0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
        0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
        0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
        0xf9, 0xfa,
    ];

    private static readonly HuffmanTable DcLuminance = new(DcLuminanceBits, DcLuminanceValues);
    private static readonly HuffmanTable DcChrominance = new(DcChrominanceBits, DcChrominanceValues);
    private static readonly HuffmanTable AcLuminance = new(AcLuminanceBits, AcLuminanceValues);
    private static readonly HuffmanTable AcChrominance = new(AcChrominanceBits, AcChrominanceValues);

    // cos((2x + 1) u pi / 16) * C(u) / 2, indexed [u * 8 + x]: one 1-D DCT pass; two passes give the 2-D DCT.
    private static readonly float[] Cosines = BuildCosines();

    /// <summary>Encodes an image whose RGBA rows come from <paramref name="fillRow"/>.</summary>
    /// <param name="width">Width in pixels, 1 to 65,535.</param>
    /// <param name="height">Height in pixels, 1 to 65,535.</param>
    /// <param name="quality">1–100 as libjpeg's <c>-quality</c>; 0 is taken as 1.</param>
    /// <param name="fillRow">Fills row y with RGBA bytes.</param>
    public static byte[] Encode(int width, int height, int quality, RowFiller fillRow)
    {
        byte[] luminance = Scale(LuminanceQuantisation, quality);
        byte[] chrominance = Scale(ChrominanceQuantisation, quality);

        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        WriteSegment(output, 0xE0, [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

        var tables = new byte[2 * 65];
        tables[0] = 0x00;
        tables[65] = 0x01;
        for (int k = 0; k < 64; k++)
        {
            tables[1 + k] = luminance[ZigZag[k]];
            tables[66 + k] = chrominance[ZigZag[k]];
        }

        WriteSegment(output, 0xDB, tables);
        WriteSegment(output, 0xC0,
        [
            8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3,
            1, 0x11, 0,
            2, 0x11, 1,
            3, 0x11, 1,
        ]);
        using (var huffman = new MemoryStream())
        {
            DcLuminance.WriteDefinition(huffman, 0x00);
            AcLuminance.WriteDefinition(huffman, 0x10);
            DcChrominance.WriteDefinition(huffman, 0x01);
            AcChrominance.WriteDefinition(huffman, 0x11);
            WriteSegment(output, 0xC4, huffman.ToArray());
        }

        WriteSegment(output, 0xDA, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
        WriteScan(output, width, height, luminance, chrominance, fillRow);
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    private static void WriteScan(Stream output, int width, int height, byte[] luminance, byte[] chrominance, RowFiller fillRow)
    {
        var bits = new JpegBitWriter(output);
        var strip = new byte[8 * width * 4];
        var y = new float[64];
        var cb = new float[64];
        var cr = new float[64];
        var coefficients = new float[64];
        int previousY = 0, previousCb = 0, previousCr = 0;
        for (int top = 0; top < height; top += 8)
        {
            // Rows past the bottom edge repeat the last row, so edge blocks carry no false edge into the DCT.
            for (int row = 0; row < 8; row++)
            {
                Span<byte> target = strip.AsSpan(row * width * 4, width * 4);
                if (top + row < height)
                {
                    fillRow(top + row, target);
                }
                else
                {
                    strip.AsSpan((row - 1) * width * 4, width * 4).CopyTo(target);
                }
            }

            for (int left = 0; left < width; left += 8)
            {
                for (int row = 0; row < 8; row++)
                {
                    for (int column = 0; column < 8; column++)
                    {
                        int offset = (row * width * 4) + (Math.Min(left + column, width - 1) * 4);
                        float r = strip[offset], g = strip[offset + 1], b = strip[offset + 2];
                        int i = (row * 8) + column;
                        y[i] = (0.299f * r) + (0.587f * g) + (0.114f * b) - 128f;
                        cb[i] = (-0.168736f * r) - (0.331264f * g) + (0.5f * b);
                        cr[i] = (0.5f * r) - (0.418688f * g) - (0.081312f * b);
                    }
                }

                previousY = WriteBlock(bits, y, coefficients, luminance, previousY, DcLuminance, AcLuminance);
                previousCb = WriteBlock(bits, cb, coefficients, chrominance, previousCb, DcChrominance, AcChrominance);
                previousCr = WriteBlock(bits, cr, coefficients, chrominance, previousCr, DcChrominance, AcChrominance);
            }
        }

        bits.Flush();
    }

    /// <summary>Transforms, quantises and entropy-codes one level-shifted 8×8 block; returns its DC value for the next block's difference.</summary>
    private static int WriteBlock(JpegBitWriter bits, float[] samples, float[] scratch, byte[] quantisation, int previousDc, HuffmanTable dc, HuffmanTable ac)
    {
        ForwardDct(samples, scratch);
        Span<int> quantised = stackalloc int[64];
        for (int k = 0; k < 64; k++)
        {
            int natural = ZigZag[k];
            quantised[k] = (int)MathF.Round(samples[natural] / quantisation[natural], MidpointRounding.AwayFromZero);
        }

        int difference = quantised[0] - previousDc;
        int category = Category(difference);
        dc.Write(bits, category);
        bits.Write(Magnitude(difference, category), category);

        int zeros = 0;
        for (int k = 1; k < 64; k++)
        {
            int value = quantised[k];
            if (value == 0)
            {
                zeros++;
                continue;
            }

            while (zeros >= 16)
            {
                ac.Write(bits, 0xF0);
                zeros -= 16;
            }

            int size = Category(value);
            ac.Write(bits, (zeros << 4) | size);
            bits.Write(Magnitude(value, size), size);
            zeros = 0;
        }

        if (zeros > 0)
        {
            ac.Write(bits, 0x00);
        }

        return quantised[0];
    }

    /// <summary>The 2-D DCT-II of T.81 A.3.3, in place, as two passes of the 1-D transform.</summary>
    private static void ForwardDct(float[] block, float[] scratch)
    {
        for (int row = 0; row < 8; row++)
        {
            for (int u = 0; u < 8; u++)
            {
                float sum = 0;
                for (int x = 0; x < 8; x++)
                {
                    sum += Cosines[(u * 8) + x] * block[(row * 8) + x];
                }

                scratch[(row * 8) + u] = sum;
            }
        }

        for (int column = 0; column < 8; column++)
        {
            for (int v = 0; v < 8; v++)
            {
                float sum = 0;
                for (int y = 0; y < 8; y++)
                {
                    sum += Cosines[(v * 8) + y] * scratch[(y * 8) + column];
                }

                block[(v * 8) + column] = sum;
            }
        }
    }

    private static float[] BuildCosines()
    {
        var table = new float[64];
        for (int u = 0; u < 8; u++)
        {
            double scale = u == 0 ? Math.Sqrt(0.5) / 2 : 0.5;
            for (int x = 0; x < 8; x++)
            {
                table[(u * 8) + x] = (float)(scale * Math.Cos(((2 * x) + 1) * u * Math.PI / 16));
            }
        }

        return table;
    }

    /// <summary>Scales an Annex K table as libjpeg's <c>jpeg_quality_scaling</c> does, each entry kept within 1–255.</summary>
    private static byte[] Scale(byte[] table, int quality)
    {
        int q = Math.Clamp(quality, 1, 100);
        int scale = q < 50 ? 5000 / q : 200 - (2 * q);
        var scaled = new byte[64];
        for (int i = 0; i < 64; i++)
        {
            scaled[i] = (byte)Math.Clamp(((table[i] * scale) + 50) / 100, 1, 255);
        }

        return scaled;
    }

    /// <summary>The bit length of |value| (T.81 F.1.2.1: SSSS).</summary>
    private static int Category(int value)
    {
        uint magnitude = (uint)Math.Abs(value);
        return magnitude == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount(magnitude);
    }

    /// <summary>The extra bits after a category: the value itself, or for negatives its one's complement (value - 1) in <paramref name="size"/> bits.</summary>
    private static int Magnitude(int value, int size) => value >= 0 ? value : (value - 1) & ((1 << size) - 1);

    private static void WriteSegment(Stream output, byte marker, ReadOnlySpan<byte> payload)
    {
        int length = payload.Length + 2;
        output.Write([0xFF, marker, (byte)(length >> 8), (byte)length]);
        output.Write(payload);
    }

    /// <summary>A Huffman table from its T.81 (BITS, HUFFVAL) lists, with the codes of C.2 (canonical, shortest first).</summary>
    private sealed class HuffmanTable
    {
        private readonly byte[] _bits;
        private readonly byte[] _values;
        private readonly int[] _codes = new int[256];
        private readonly int[] _lengths = new int[256];

        public HuffmanTable(byte[] bits, byte[] values)
        {
            _bits = bits;
            _values = values;
            int code = 0;
            int index = 0;
            for (int length = 1; length <= 16; length++)
            {
                for (int i = 0; i < bits[length - 1]; i++)
                {
                    _codes[values[index]] = code;
                    _lengths[values[index]] = length;
                    index++;
                    code++;
                }

                code <<= 1;
            }
        }

        public void Write(JpegBitWriter writer, int symbol) => writer.Write(_codes[symbol], _lengths[symbol]);

        public void WriteDefinition(Stream output, byte classAndId)
        {
            output.WriteByte(classAndId);
            output.Write(_bits);
            output.Write(_values);
        }
    }

    /// <summary>Packs codes most significant bit first, stuffing a zero byte after every 0xFF (T.81 F.1.2.3).</summary>
    private sealed class JpegBitWriter(Stream output)
    {
        private uint _buffer;
        private int _count;

        public void Write(int bits, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | (uint)((bits >> i) & 1);
                _count++;
                if (_count == 8)
                {
                    Emit();
                }
            }
        }

        /// <summary>Pads the last byte with one bits, as F.1.2.3 asks.</summary>
        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1);
            }
        }

        private void Emit()
        {
            byte value = (byte)_buffer;
            output.WriteByte(value);
            if (value == 0xFF)
            {
                output.WriteByte(0);
            }

            _buffer = 0;
            _count = 0;
        }
    }
}
