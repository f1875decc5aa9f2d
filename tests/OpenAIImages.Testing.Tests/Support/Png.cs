using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace OpenAIImages.Testing.Tests.Support;

/// <summary>Reads a PNG the way a strict viewer would: signature, chunk CRCs, IHDR, and the inflated pixel data's length.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A tiny valid 1×1 RGBA PNG, the one openai-node's captures upload.</summary>
    public static readonly byte[] OnePixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>Checks the whole file and returns its size and colour type; fails the test on any defect.</summary>
    public static (int Width, int Height, int ColorType) Read(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature missing");
        int offset = 8;
        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        bool sawEnd = false;
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(offset + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc(png.AsSpan(offset + 4, 4 + length)), crc);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    colorType = data[9];
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }

            offset += 12 + length;
        }

        Assert.True(sawEnd, "IEND missing");
        int bytesPerPixel = colorType switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {colorType}") };
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        Assert.Equal((long)height * (1 + ((long)width * bytesPerPixel)), inflated.Length);
        return (width, height, colorType);
    }

    public static (int Width, int Height) Size(byte[] png)
    {
        (int width, int height, _) = Read(png);
        return (width, height);
    }

    /// <summary>Makes a valid opaque PNG of any size (to upload), via the emulator's own encoder.</summary>
    public static byte[] Make(int width, int height) => Imaging.GradientPainter.Paint(width, height, (ulong)(width * 31 + height), transparent: false);

    /// <summary>Makes an 8-bit palette PNG (colour type 3) whose pixel (x, y) is palette entry (x + y) % 4, with a tRNS chunk.</summary>
    public static byte[] Palette(int width, int height)
    {
        using var output = new System.IO.MemoryStream();
        output.Write(Signature);
        byte[] header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 3;
        Chunk(output, "IHDR", header);
        Chunk(output, "PLTE", [255, 0, 0, 0, 255, 0, 0, 0, 255, 250, 250, 250]);
        Chunk(output, "tRNS", [255, 255, 255, 255]);
        using var raw = new System.IO.MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(raw, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(y % 2 == 0 ? (byte)0 : (byte)2); // none and up filters, alternately
                for (int x = 0; x < width; x++)
                {
                    zlib.WriteByte(y % 2 == 0 ? (byte)((x + y) % 4) : (byte)(((x + y) % 4) - ((x + y - 1) % 4)));
                }
            }
        }

        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(System.IO.Stream output, string type, byte[] data)
    {
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        byte[] number = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        output.Write(number);
        output.Write(typeAndData);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(number, Crc(typeAndData));
        output.Write(number);
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
