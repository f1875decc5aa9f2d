using System;
using System.Linq;
using OpenAIImages.Internal;
using OpenAIImages.Requests;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Requests;

/// <summary>Formats, sizes and transparency read from the first bytes of a file.</summary>
public sealed class ImageHeaderReaderTests
{
    private static ImageInfo Read(byte[] data) => ImageFormats.Read(data, data.Length);

    [Fact]
    public void Png_size_and_alpha_come_from_ihdr_and_trns()
    {
        Assert.Equal(new ImageInfo(ImageFileFormat.Png, 640, 480, true, 0), Read(TestImages.Png(640, 480)) with { Length = 0 });
        Assert.False(Read(TestImages.Png(3, 2, alpha: false)).HasAlpha);

        // An RGB PNG with a tRNS chunk before IDAT has transparency.
        byte[] rgb = TestImages.Png(3, 2, alpha: false);
        byte[] trns = [0, 0, 0, 6, (byte)'t', (byte)'R', (byte)'N', (byte)'S', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] withTrns = [.. rgb[..33], .. trns, .. rgb[33..]];
        Assert.True(Read(withTrns).HasAlpha);
    }

    [Fact]
    public void Jpeg_size_is_found_after_other_segments()
    {
        byte[] jpeg = TestImages.Jpeg(1200, 800);
        byte[] exif = [0xFF, 0xE1, 0x10, 0x02, .. new byte[0x1000]];
        byte[] withExif = [.. jpeg[..2], .. exif, .. jpeg[2..]];

        ImageInfo info = Read(withExif);

        Assert.Equal((ImageFileFormat.Jpeg, 1200, 800), (info.Format, info.Width, info.Height));
        Assert.Equal("image/jpeg", info.ContentType);
    }

    [Fact]
    public void Webp_lossless_lossy_and_extended_headers_are_read()
    {
        Assert.Equal((ImageFileFormat.Webp, 300, 200, true), Parts(Read(TestImages.Webp(300, 200, alpha: true))));

        byte[] lossy = new byte[30];
        "RIFF\0\0\0\0WEBPVP8 "u8.ToArray().CopyTo(lossy, 0);
        lossy[23] = 0x9D;
        lossy[24] = 0x01;
        lossy[25] = 0x2A;
        BitConverter.GetBytes((ushort)1024).CopyTo(lossy, 26);
        BitConverter.GetBytes((ushort)768).CopyTo(lossy, 28);
        Assert.Equal((ImageFileFormat.Webp, 1024, 768, false), Parts(Read(lossy)));

        byte[] extended = new byte[30];
        "RIFF\0\0\0\0WEBPVP8X"u8.ToArray().CopyTo(extended, 0);
        extended[20] = 0x10;
        extended[24] = 0xFF; // width - 1 = 0x0001FF
        extended[25] = 0x01;
        extended[27] = 0x0F; // height - 1 = 0x00000F
        Assert.Equal((ImageFileFormat.Webp, 512, 16, true), Parts(Read(extended)));
    }

    [Fact]
    public void Unknown_and_truncated_data_does_not_throw()
    {
        Assert.Equal(ImageFileFormat.Unknown, Read([1, 2, 3]).Format);
        Assert.Equal(ImageFileFormat.Unknown, Read([]).Format);
        ImageInfo truncatedPng = Read(TestImages.Png(10, 10)[..20]);
        Assert.Equal((ImageFileFormat.Png, false), (truncatedPng.Format, truncatedPng.HasDimensions));
        Assert.Equal(ImageFileFormat.Jpeg, Read([0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF]).Format);
        Assert.Equal("application/octet-stream", Read(Enumerable.Repeat((byte)7, 40).ToArray()).ContentType);
    }

    private static (ImageFileFormat, int, int, bool?) Parts(ImageInfo info) => (info.Format, info.Width, info.Height, info.HasAlpha);
}
