using System;
using System.IO;

namespace OpenAIImages.Testing.Imaging;

/// <summary>
/// Writes animated GIF89a: one fixed 252-colour global palette (6 red × 7 green × 6 blue levels) plus a transparent
/// index, a NETSCAPE2.0 loop-forever extension, and per frame a graphic control extension (delay in centiseconds)
/// and full-canvas LZW image data (variable code size, clear codes when the 4,096-entry table fills).
/// </summary>
internal static class GifEncoder
{
    private const int RedLevels = 6;
    private const int GreenLevels = 7;
    private const int BlueLevels = 6;
    private const byte TransparentIndex = RedLevels * GreenLevels * BlueLevels;
    private const int MinCodeSize = 8;
    private const int MaxCodes = 4096;

    private static readonly byte[] Palette = BuildPalette();
    private static readonly byte[] RedIndex = LevelIndex(RedLevels, GreenLevels * BlueLevels);
    private static readonly byte[] GreenIndex = LevelIndex(GreenLevels, BlueLevels);
    private static readonly byte[] BlueIndex = LevelIndex(BlueLevels, 1);

    /// <summary>Encodes <paramref name="frameCount"/> frames, each shown <paramref name="frameDurationMs"/> (rounded to centiseconds, 0.01–655.35 s).</summary>
    /// <param name="width">Width in pixels, 1 to 65,535.</param>
    /// <param name="height">Height in pixels, 1 to 65,535.</param>
    /// <param name="frameCount">The number of frames, at least 1.</param>
    /// <param name="frameDurationMs">How long each frame shows, in milliseconds.</param>
    /// <param name="fillRow">Fills row y of a frame with RGBA bytes; alpha below 128 becomes the transparent index.</param>
    public static byte[] Encode(int width, int height, int frameCount, int frameDurationMs, FrameRowFiller fillRow)
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        WriteUInt16(output, width);
        WriteUInt16(output, height);
        output.WriteByte(0xF7); // global colour table of 2^(7+1) entries, 8 bits per primary
        output.WriteByte(0);
        output.WriteByte(0);
        output.Write(Palette);

        output.Write([0x21, 0xFF, 0x0B]);
        output.Write("NETSCAPE2.0"u8);
        output.Write([0x03, 0x01, 0x00, 0x00, 0x00]); // loop count 0: forever

        int delay = Math.Clamp((frameDurationMs + 5) / 10, 1, ushort.MaxValue);
        var indices = new byte[width * height];
        var row = new byte[width * 4];
        var lzw = new LzwCompressor();
        for (int frame = 0; frame < frameCount; frame++)
        {
            bool anyTransparent = false;
            for (int y = 0; y < height; y++)
            {
                fillRow(frame, y, row);
                for (int x = 0; x < width; x++)
                {
                    byte index = Quantise(row.AsSpan(x * 4, 4));
                    anyTransparent |= index == TransparentIndex;
                    indices[(y * width) + x] = index;
                }
            }

            // With transparency each frame is drawn on a cleared canvas (disposal 2), so no earlier frame shows through.
            output.Write([0x21, 0xF9, 0x04, anyTransparent ? (byte)0b0000_1001 : (byte)0b0000_0100]);
            WriteUInt16(output, delay);
            output.Write([TransparentIndex, 0x00]);

            output.WriteByte(0x2C);
            WriteUInt16(output, 0);
            WriteUInt16(output, 0);
            WriteUInt16(output, width);
            WriteUInt16(output, height);
            output.WriteByte(0);

            output.WriteByte(MinCodeSize);
            WriteSubBlocks(output, lzw.Compress(indices));
        }

        output.WriteByte(0x3B);
        return output.ToArray();
    }

    private static byte Quantise(ReadOnlySpan<byte> rgba) =>
        rgba[3] < 128 ? TransparentIndex : (byte)(RedIndex[rgba[0]] + GreenIndex[rgba[1]] + BlueIndex[rgba[2]]);

    /// <summary>Each channel value's nearest level, already multiplied into its place in the palette index.</summary>
    private static byte[] LevelIndex(int levels, int stride)
    {
        var table = new byte[256];
        for (int value = 0; value < 256; value++)
        {
            table[value] = (byte)((((value * (levels - 1)) + 127) / 255) * stride);
        }

        return table;
    }

    private static byte[] BuildPalette()
    {
        var palette = new byte[256 * 3];
        for (int r = 0; r < RedLevels; r++)
        {
            for (int g = 0; g < GreenLevels; g++)
            {
                for (int b = 0; b < BlueLevels; b++)
                {
                    int offset = ((((r * GreenLevels) + g) * BlueLevels) + b) * 3;
                    palette[offset] = (byte)((r * 255) / (RedLevels - 1));
                    palette[offset + 1] = (byte)((g * 255) / (GreenLevels - 1));
                    palette[offset + 2] = (byte)((b * 255) / (BlueLevels - 1));
                }
            }
        }

        return palette;
    }

    private static void WriteSubBlocks(Stream output, byte[] data)
    {
        for (int offset = 0; offset < data.Length; offset += 255)
        {
            int length = Math.Min(255, data.Length - offset);
            output.WriteByte((byte)length);
            output.Write(data, offset, length);
        }

        output.WriteByte(0);
    }

    private static void WriteUInt16(Stream output, int value)
    {
        output.WriteByte((byte)value);
        output.WriteByte((byte)(value >> 8));
    }

    /// <summary>GIF's variable-length-code LZW (GIF89a appendix F), as compress(1) does it: widen after the code that fills a width, clear when the table is full.</summary>
    private sealed class LzwCompressor
    {
        private const int ClearCode = 1 << MinCodeSize;
        private const int EndCode = ClearCode + 1;

        private const int CodeBits = 12;
        private const int MaxGeneration = (1 << (31 - CodeBits)) - 1;

        // A (prefix code, next index) pair's entry at [prefix << 8 | index] holds generation << 12 | code; an entry of an
        // older generation is absent, so a clear is one increment instead of wiping the table.
        private readonly int[] _entries = new int[MaxCodes << 8];
        private int _generation;

        public byte[] Compress(ReadOnlySpan<byte> indices)
        {
            var bits = new LsbBitWriter();
            int width = MinCodeSize + 1;
            int next = EndCode + 1;
            NextGeneration();
            bits.Write(ClearCode, width);

            int prefix = indices[0];
            for (int i = 1; i < indices.Length; i++)
            {
                int key = (prefix << 8) | indices[i];
                int entry = _entries[key];
                if (entry >> CodeBits == _generation)
                {
                    prefix = entry & (MaxCodes - 1);
                    continue;
                }

                bits.Write((uint)prefix, width);
                if (next == 1 << width && width < 12)
                {
                    width++;
                }

                if (next < MaxCodes)
                {
                    _entries[key] = (_generation << CodeBits) | next++;
                }
                else
                {
                    bits.Write(ClearCode, width);
                    NextGeneration();
                    next = EndCode + 1;
                    width = MinCodeSize + 1;
                }

                prefix = indices[i];
            }

            bits.Write((uint)prefix, width);
            if (next == 1 << width && width < 12)
            {
                width++;
            }

            bits.Write(EndCode, width);
            return bits.ToArray();
        }

        private void NextGeneration()
        {
            if (_generation == MaxGeneration)
            {
                Array.Clear(_entries);
                _generation = 0;
            }

            _generation++;
        }
    }
}
