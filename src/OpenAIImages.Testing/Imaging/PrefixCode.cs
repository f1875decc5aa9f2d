using System;
using System.Collections.Generic;

namespace OpenAIImages.Testing.Imaging;

/// <summary>A canonical Huffman (prefix) code built from symbol counts, with its codes bit-reversed for an LSB-first stream (as DEFLATE and WebP lossless write them).</summary>
internal sealed class PrefixCode
{
    private readonly uint[] _codes;

    private PrefixCode(int[] lengths)
    {
        Lengths = lengths;
        _codes = Canonical(lengths);
    }

    /// <summary>Gets each symbol's code length; 0 for a symbol that is never written.</summary>
    public int[] Lengths { get; }

    /// <summary>Builds a code whose lengths are at most <paramref name="maxLength"/>; every symbol with a count gets a code.</summary>
    public static PrefixCode FromCounts(ReadOnlySpan<int> counts, int maxLength)
    {
        var scaled = counts.ToArray();
        while (true)
        {
            int[] lengths = HuffmanLengths(scaled);
            if (Max(lengths) <= maxLength)
            {
                return new PrefixCode(lengths);
            }

            // Flattening the counts shortens the deepest codes; a used symbol keeps a count of at least 1.
            for (int i = 0; i < scaled.Length; i++)
            {
                if (scaled[i] > 0)
                {
                    scaled[i] = Math.Max(1, scaled[i] >> 1);
                }
            }
        }
    }

    public void Write(LsbBitWriter writer, int symbol) => writer.Write(_codes[symbol], Lengths[symbol]);

    private static int[] HuffmanLengths(int[] counts)
    {
        var lengths = new int[counts.Length];
        var parent = new List<int>();
        var queue = new PriorityQueue<int, (long Weight, int Order)>();
        for (int symbol = 0; symbol < counts.Length; symbol++)
        {
            if (counts[symbol] > 0)
            {
                queue.Enqueue(parent.Count, (counts[symbol], parent.Count));
                parent.Add(-1);
            }
        }

        int leaves = parent.Count;
        if (leaves < 2)
        {
            throw new InvalidOperationException("A prefix code needs at least two used symbols; the caller adds one.");
        }

        while (queue.Count > 1)
        {
            queue.TryDequeue(out int a, out (long Weight, int Order) wa);
            queue.TryDequeue(out int b, out (long Weight, int Order) wb);
            int node = parent.Count;
            parent.Add(-1);
            parent[a] = node;
            parent[b] = node;
            queue.Enqueue(node, (wa.Weight + wb.Weight, node));
        }

        int leaf = 0;
        for (int symbol = 0; symbol < counts.Length; symbol++)
        {
            if (counts[symbol] > 0)
            {
                int depth = 0;
                for (int node = leaf; parent[node] != -1; node = parent[node])
                {
                    depth++;
                }

                lengths[symbol] = depth;
                leaf++;
            }
        }

        return lengths;
    }

    /// <summary>Assigns codes shortest first, then by symbol (RFC 1951 3.2.2), reversed for LSB-first writing.</summary>
    private static uint[] Canonical(int[] lengths)
    {
        int max = Max(lengths);
        var perLength = new int[max + 1];
        foreach (int length in lengths)
        {
            perLength[length]++;
        }

        perLength[0] = 0;
        var next = new uint[max + 2];
        uint code = 0;
        for (int length = 1; length <= max; length++)
        {
            code = (code + (uint)perLength[length - 1]) << 1;
            next[length] = code;
        }

        var codes = new uint[lengths.Length];
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length > 0)
            {
                codes[symbol] = Reverse(next[length]++, length);
            }
        }

        return codes;
    }

    private static uint Reverse(uint code, int length)
    {
        uint reversed = 0;
        for (int i = 0; i < length; i++)
        {
            reversed = (reversed << 1) | ((code >> i) & 1);
        }

        return reversed;
    }

    private static int Max(int[] values)
    {
        int max = 0;
        foreach (int value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }
}
