using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace OpenAIImages.Cli.Tests;

/// <summary>Writes small RGBA PNG files for inputs, and reads the size of PNG files the tool saved.</summary>
internal static class TinyPng
{
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = CreateCrcTable();

    /// <summary>Encodes a PNG (8-bit RGBA, no filtering) whose pixels <paramref name="pixel"/> gives as (r, g, b, a).</summary>
    public static byte[] Encode(int width, int height, Func<int, int, (byte R, byte G, byte B, byte A)> pixel)
    {
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type RGBA

        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            byte[] row = new byte[1 + (width * 4)];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    (byte r, byte g, byte b, byte a) = pixel(x, y);
                    row[1 + (x * 4)] = r;
                    row[2 + (x * 4)] = g;
                    row[3 + (x * 4)] = b;
                    row[4 + (x * 4)] = a;
                }

                zlib.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", raw.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Writes an opaque gradient PNG to <paramref name="path"/>.</summary>
    public static string WriteOpaque(string path, int width, int height)
    {
        File.WriteAllBytes(path, Encode(width, height, (x, y) => ((byte)(x * 255 / width), (byte)(y * 255 / height), 128, 255)));
        return path;
    }

    /// <summary>Writes a mask whose left half is fully transparent (the part to edit).</summary>
    public static string WriteMask(string path, int width, int height)
    {
        File.WriteAllBytes(path, Encode(width, height, (x, _) => (0, 0, 0, x < width / 2 ? (byte)0 : (byte)255)));
        return path;
    }

    /// <summary>Checks the PNG signature and returns the IHDR width and height.</summary>
    public static (int Width, int Height) ReadSize(byte[] file)
    {
        Assert.True(file.AsSpan().StartsWith(Signature), "The file does not start with the PNG signature.");
        Assert.Equal("IHDR", Encoding.ASCII.GetString(file, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(20)));
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = Crc32(Crc32(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static uint Crc32(uint crc, byte[] data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
