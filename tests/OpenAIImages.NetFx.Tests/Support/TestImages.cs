using System;

namespace OpenAIImages.NetFx.Tests.Support;

/// <summary>Real PNG files for uploads and responses (ZLibStream, which the other test projects encode with, is not on .NET Framework).</summary>
internal static class TestImages
{
    /// <summary>An 8 × 8 RGB PNG (165 bytes, so its base64 is 55 whole 4-character blocks).</summary>
    public static readonly byte[] Png8 = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAbElEQVR4nBXNQRUAUQhCUaMYhShGeVGIQhSizB+XXA7ODDtouIHBQ4YOM8suWm5h8ZKl+0CskDiBsIioHhx76LiDw0eO3oN/4FVf+J8h0PduzBqZ8x/bxNQPwgaFy192SGgelC0q13/CJaXlA8Z7WAGfV950AAAAAElFTkSuQmCC");

    /// <summary>A 1 × 1 RGBA PNG (70 bytes: its base64 ends in padding).</summary>
    public static readonly byte[] Png1 = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
}
