using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using OpenAIImages.Tests.Shared;

namespace OpenAIImages.Cli.Tests;

/// <summary>Writes small RGBA PNG files for inputs, and reads the size of PNG files the tool saved.</summary>
internal static class TinyPng
{
    /// <summary>Encodes an RGBA PNG whose pixels <paramref name="pixel"/> gives as (r, g, b, a).</summary>
    public static byte[] Encode(int width, int height, Func<int, int, (byte R, byte G, byte B, byte A)> pixel) => PngEncoder.Encode(width, height, pixel);

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
        Assert.True(file.AsSpan().StartsWith(PngEncoder.Signature), "The file does not start with the PNG signature.");
        Assert.Equal("IHDR", Encoding.ASCII.GetString(file, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(20)));
    }
}
