using System;
using System.Text;

namespace OpenAIImages.Testing.Imaging;

/// <summary>FNV-1a 64-bit: the same input gives the same picture on every run and machine (unlike string.GetHashCode).</summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(ReadOnlySpan<byte> data, ulong seed = Offset)
    {
        ulong hash = seed;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    public static ulong Of(string text, ulong seed = Offset) => Of(Encoding.UTF8.GetBytes(text), seed);

    public static ulong Mix(ulong hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BitConverter.TryWriteBytes(bytes, value);
        return Of(bytes, hash);
    }
}
