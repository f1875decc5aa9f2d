using System;
using System.Buffers.Binary;

namespace OpenAIImages.Testing.Imaging;

/// <summary>What an uploaded file is, read from its first bytes (the emulator decodes no pixels).</summary>
internal readonly record struct ImageFormat(string Kind, int Width, int Height)
{
    public const string Png = "png";
    public const string Jpeg = "jpeg";
    public const string Webp = "webp";

    public bool IsPng => Kind == Png;

    /// <summary>Identifies PNG (with its IHDR size), JPEG or WebP; <see langword="null"/> for anything else.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (data.Length >= 24 && data[..8].SequenceEqual(pngSignature) && data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return new ImageFormat(Png, BinaryPrimitives.ReadInt32BigEndian(data.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(data.Slice(20, 4)));
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return new ImageFormat(Jpeg, 0, 0);
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return new ImageFormat(Webp, 0, 0);
        }

        return null;
    }
}
