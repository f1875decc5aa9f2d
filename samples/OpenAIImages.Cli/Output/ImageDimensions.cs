using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;

namespace OpenAIImages.Cli.Output;

/// <summary>The size of a saved image, read from its header, for metadata when the request named none (dall-e-2's variations answer with no size).</summary>
internal static class ImageDimensions
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Gets <c>WxH</c> of the PNG at <paramref name="path"/>, or null for a file that is not one.</summary>
    public static string? Of(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            byte[] header = new byte[24];
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.AsSpan(0, 8).SequenceEqual(PngSignature))
            {
                return null;
            }

            uint width = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(16));
            uint height = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(20));
            return width.ToString(CultureInfo.InvariantCulture) + "x" + height.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
