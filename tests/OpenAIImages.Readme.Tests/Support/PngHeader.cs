using System;
using System.Buffers.Binary;
using System.IO;
using OpenAIImages.Tests.Shared;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>Reads a PNG file's size from its header, to check what a snippet wrote.</summary>
internal static class PngHeader
{
    /// <summary>Gets the width and height of the PNG at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a PNG.</exception>
    public static (int Width, int Height) SizeOf(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 24 || !bytes.AsSpan(0, 8).SequenceEqual(PngEncoder.Signature) || bytes[12] != 'I' || bytes[13] != 'H' || bytes[14] != 'D' || bytes[15] != 'R')
        {
            throw new InvalidDataException($"{path} is not a PNG.");
        }

        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
