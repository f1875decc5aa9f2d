using OpenAIImages.Tests.Shared;

namespace OpenAIImages.ContractTests;

/// <summary>The pictures the contract tests upload.</summary>
internal static class TestPng
{
    /// <summary>An opaque square test picture.</summary>
    public static byte[] Square(int size) => PngEncoder.Encode(size, size, (x, y) => ((byte)(x * 16), (byte)(y * 16), 128, 255));

    /// <summary>A square mask whose left half is fully transparent (the area to edit) and right half opaque.</summary>
    public static byte[] Mask(int size) => PngEncoder.Encode(size, size, (x, _) => (0, 0, 0, x < size / 2 ? (byte)0 : (byte)255));
}
