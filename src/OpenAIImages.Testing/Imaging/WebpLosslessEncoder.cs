using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace OpenAIImages.Testing.Imaging;

/// <summary>
/// Writes lossless WebP (RFC 9649, VP8L): no transforms and no colour cache, one group of five prefix codes built from
/// the image's histograms, and LZ77 backward references to the pixel to the left, above, above-left and above-right,
/// which is where a smooth picture repeats itself. Lossless, so <c>output_compression</c> does not apply.
/// </summary>
internal static class WebpLosslessEncoder
{
    private const int LiteralCodes = 256;
    private const int LengthCodes = 24;
    private const int DistanceCodes = 40;
    private const int MaxLength = 4096;
    private const int MinLength = 3;

    // RFC 9649 5.2.2: the order in which the code-length code's own lengths are sent.
    private static readonly int[] CodeLengthOrder = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

    /// <summary>Encodes an image whose RGBA rows come from <paramref name="fillRow"/>.</summary>
    /// <param name="width">Width in pixels, 1 to 16,384.</param>
    /// <param name="height">Height in pixels, 1 to 16,384.</param>
    /// <param name="withAlpha">Sets the header's alpha hint; the alpha channel is coded either way.</param>
    /// <param name="fillRow">Fills row y with RGBA bytes.</param>
    public static byte[] Encode(int width, int height, bool withAlpha, RowFiller fillRow)
    {
        uint[] argb = Load(width, height, fillRow);
        List<Token> tokens = Tokenise(argb, width);

        var green = new int[LiteralCodes + LengthCodes];
        var red = new int[256];
        var blue = new int[256];
        var alpha = new int[256];
        var distance = new int[DistanceCodes];
        foreach (Token token in tokens)
        {
            if (token.Length == 0)
            {
                green[(token.Value >> 8) & 0xFF]++;
                red[(token.Value >> 16) & 0xFF]++;
                blue[token.Value & 0xFF]++;
                alpha[token.Value >> 24]++;
            }
            else
            {
                green[LiteralCodes + Prefix((uint)token.Length).Code]++;
                distance[Prefix(token.Value).Code]++;
            }
        }

        var bits = new LsbBitWriter();
        bits.Write(0x2F, 8);
        bits.Write((uint)(width - 1), 14);
        bits.Write((uint)(height - 1), 14);
        bits.Write(withAlpha ? 1u : 0u, 1);
        bits.Write(0, 3);
        bits.Write(0, 1); // no transform
        bits.Write(0, 1); // no colour cache
        bits.Write(0, 1); // one prefix-code group for the whole image

        PrefixCode? greenCode = WriteCode(bits, green);
        PrefixCode? redCode = WriteCode(bits, red);
        PrefixCode? blueCode = WriteCode(bits, blue);
        PrefixCode? alphaCode = WriteCode(bits, alpha);
        PrefixCode? distanceCode = WriteCode(bits, distance);

        foreach (Token token in tokens)
        {
            if (token.Length == 0)
            {
                greenCode?.Write(bits, (int)((token.Value >> 8) & 0xFF));
                redCode?.Write(bits, (int)((token.Value >> 16) & 0xFF));
                blueCode?.Write(bits, (int)(token.Value & 0xFF));
                alphaCode?.Write(bits, (int)(token.Value >> 24));
            }
            else
            {
                (int lengthPrefix, int lengthExtraBits, uint lengthExtra) = Prefix((uint)token.Length);
                greenCode?.Write(bits, LiteralCodes + lengthPrefix);
                bits.Write(lengthExtra, lengthExtraBits);
                (int distancePrefix, int distanceExtraBits, uint distanceExtra) = Prefix(token.Value);
                distanceCode?.Write(bits, distancePrefix);
                bits.Write(distanceExtra, distanceExtraBits);
            }
        }

        return Container(bits.ToArray());
    }

    private static uint[] Load(int width, int height, RowFiller fillRow)
    {
        var argb = new uint[width * height];
        var row = new byte[width * 4];
        for (int y = 0; y < height; y++)
        {
            fillRow(y, row);
            for (int x = 0; x < width; x++)
            {
                int o = x * 4;
                argb[(y * width) + x] = ((uint)row[o + 3] << 24) | ((uint)row[o] << 16) | ((uint)row[o + 1] << 8) | row[o + 2];
            }
        }

        return argb;
    }

    /// <summary>Greedy LZ77 over four neighbour distances; a backward reference's <see cref="Token.Value"/> is its distance code.</summary>
    private static List<Token> Tokenise(uint[] argb, int width)
    {
        // (linear distance, distance code): codes 1..4 are RFC 9649's plane offsets (0,1), (1,0), (1,1), (-1,1).
        (int Distance, uint Code)[] candidates = width > 1
            ? [(width, 1), (1, 2), (width + 1, 3), (width - 1, 4)]
            : [(1, 1)];
        var tokens = new List<Token>();
        int i = 0;
        while (i < argb.Length)
        {
            int bestLength = 0;
            uint bestCode = 0;
            foreach ((int distance, uint code) in candidates)
            {
                if (distance > i)
                {
                    continue;
                }

                int limit = Math.Min(MaxLength, argb.Length - i);
                int length = 0;
                while (length < limit && argb[i + length] == argb[i + length - distance])
                {
                    length++;
                }

                if (length > bestLength)
                {
                    bestLength = length;
                    bestCode = code;
                }
            }

            if (bestLength >= MinLength)
            {
                tokens.Add(new Token(bestCode, bestLength));
                i += bestLength;
            }
            else
            {
                tokens.Add(new Token(argb[i], 0));
                i++;
            }
        }

        return tokens;
    }

    /// <summary>
    /// Writes one prefix code: a simple code for at most one used symbol below 256 (it then takes zero bits a use),
    /// else a normal code whose lengths are sent with the code-length code. Returns null when no symbol is ever written.
    /// </summary>
    private static PrefixCode? WriteCode(LsbBitWriter bits, int[] counts)
    {
        int used = 0;
        int only = 0;
        for (int symbol = 0; symbol < counts.Length; symbol++)
        {
            if (counts[symbol] > 0)
            {
                used++;
                only = symbol;
            }
        }

        if (used <= 1 && only < 256)
        {
            bits.Write(1, 1); // simple code
            bits.Write(0, 1); // one symbol
            bool wide = only > 1;
            bits.Write(wide ? 1u : 0u, 1);
            bits.Write((uint)only, wide ? 8 : 1);
            return null;
        }

        // A decoder reads a code of one used symbol as zero bits long; a second, unused symbol keeps every code one bit or more.
        var padded = (int[])counts.Clone();
        if (used == 1)
        {
            padded[only == 0 ? 1 : 0] = 1;
        }

        PrefixCode code = PrefixCode.FromCounts(padded, 15);
        int[] lengths = code.Lengths;

        var lengthCounts = new int[19];
        foreach (int length in lengths)
        {
            lengthCounts[length]++;
        }

        int onlyLength = Array.FindIndex(lengthCounts, count => count > 0);
        if (Array.FindLastIndex(lengthCounts, count => count > 0) == onlyLength)
        {
            lengthCounts[onlyLength == 0 ? 1 : 0]++;
        }

        PrefixCode lengthCode = PrefixCode.FromCounts(lengthCounts, 7);
        int sent = CodeLengthOrder.Length;
        while (sent > 4 && lengthCode.Lengths[CodeLengthOrder[sent - 1]] == 0)
        {
            sent--;
        }

        bits.Write(0, 1); // normal code
        bits.Write((uint)(sent - 4), 4);
        for (int i = 0; i < sent; i++)
        {
            bits.Write((uint)lengthCode.Lengths[CodeLengthOrder[i]], 3);
        }

        bits.Write(0, 1); // every symbol's length follows (no max_symbol)
        foreach (int length in lengths)
        {
            lengthCode.Write(bits, length);
        }

        return code;
    }

    /// <summary>RFC 9649 5.2.2's prefix coding of a length or distance code (1-based): a prefix symbol plus extra bits.</summary>
    private static (int Code, int ExtraBits, uint Extra) Prefix(uint value)
    {
        uint d = value - 1;
        if (d < 4)
        {
            return ((int)d, 0, 0);
        }

        int highest = 31 - System.Numerics.BitOperations.LeadingZeroCount(d);
        int second = (int)((d >> (highest - 1)) & 1);
        int extraBits = highest - 1;
        return ((2 * highest) + second, extraBits, d & ((1u << extraBits) - 1));
    }

    private static byte[] Container(byte[] bitstream)
    {
        int padding = bitstream.Length & 1;
        using var output = new MemoryStream(bitstream.Length + 21);
        Span<byte> number = stackalloc byte[4];
        output.Write("RIFF"u8);
        BinaryPrimitives.WriteInt32LittleEndian(number, 4 + 8 + bitstream.Length + padding);
        output.Write(number);
        output.Write("WEBPVP8L"u8);
        BinaryPrimitives.WriteInt32LittleEndian(number, bitstream.Length);
        output.Write(number);
        output.Write(bitstream);
        if (padding == 1)
        {
            output.WriteByte(0);
        }

        return output.ToArray();
    }

    /// <summary>A literal ARGB pixel (<see cref="Length"/> 0) or a backward reference (distance code, length).</summary>
    private readonly record struct Token(uint Value, int Length);
}
