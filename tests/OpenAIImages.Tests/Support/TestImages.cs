using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using OpenAIImages.Tests.Shared;

namespace OpenAIImages.Tests.Support;

/// <summary>Builds small, real image files for tests.</summary>
internal static class TestImages
{
    /// <summary>The 70-byte 1×1 RGBA PNG used in every reference request.</summary>
    public static readonly byte[] ReferencePng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A valid PNG; RGBA (colour type 6) when <paramref name="alpha"/>, else RGB (colour type 2).</summary>
    public static byte[] Png(int width, int height, bool alpha = true) =>
        PngEncoder.Encode(width, height, (x, y) => ((byte)x, (byte)y, 0, 0), alpha);

    /// <summary>The start of a baseline JPEG: SOI, an APP0 segment and a SOF0 frame header with the given size.</summary>
    public static byte[] Jpeg(int width, int height)
    {
        var data = new MemoryStream();
        data.Write([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
        data.Write(Encoding.ASCII.GetBytes("JFIF\0"));
        data.Write([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
        data.Write([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        data.Write(new byte[9]);
        data.Write([0xFF, 0xD9]);
        return data.ToArray();
    }

    /// <summary>A lossless WebP header (VP8L) with the given size.</summary>
    public static byte[] Webp(int width, int height, bool alpha = false)
    {
        var data = new byte[30];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(data, 0);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), data.Length - 8);
        Encoding.ASCII.GetBytes("WEBPVP8L").CopyTo(data, 8);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(16), 10);
        data[20] = 0x2F;
        uint bits = (uint)(width - 1) | ((uint)(height - 1) << 14) | ((alpha ? 1u : 0u) << 28);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(21), bits);
        return data;
    }
}
