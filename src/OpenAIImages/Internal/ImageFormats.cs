using System;
using System.Buffers.Binary;
using OpenAIImages.Requests;

namespace OpenAIImages.Internal;

/// <summary>
/// The one place that tells an image's format from its bytes, and the file extension and media type of each format:
/// format, dimensions and transparency of input images (PNG, JPEG, WebP, GIF), and the format of output images (those
/// and SVG), for their file names.
/// </summary>
/// <remarks>The bytes decide, not the file name: a JPEG named <c>photo.png</c> is a JPEG.</remarks>
internal static class ImageFormats
{
    /// <summary>How much of a file is read to find its header; enough for JPEG files with large EXIF blocks.</summary>
    public const int HeaderBytes = 256 * 1024;

    /// <summary>How much is read first; most headers are whole in it, and only when one is not is the rest read.</summary>
    public const int FirstReadBytes = 16 * 1024;

    /// <summary>Whether <paramref name="info"/> says all a header can, or more bytes might tell more (a JPEG's frame after large EXIF, a PNG's tRNS).</summary>
    public static bool IsComplete(ImageInfo info) => info.Format switch
    {
        ImageFileFormat.Png => info.HasAlpha is not null && info.Width > 0,
        ImageFileFormat.Jpeg or ImageFileFormat.Webp => info.Width > 0 && info.Height > 0,
        _ => true,
    };

    /// <summary>How many leading bytes <see cref="OutputFormatOf"/> looks at (an SVG's XML declaration and comments come before its element).</summary>
    public const int SniffBytes = 512;

    /// <summary>The file extension for an output format, such as <c>.png</c>; <c>.png</c> when unknown.</summary>
    public static string ExtensionOf(ImageOutputFormat? format) => format?.Value switch
    {
        "jpeg" => ".jpg",
        null => ".png",
        { } other => "." + other,
    };

    /// <summary>The file extension for an input format; <c>.bin</c> when unknown.</summary>
    public static string ExtensionOf(ImageFileFormat format) => format switch
    {
        ImageFileFormat.Png => ".png",
        ImageFileFormat.Jpeg => ".jpg",
        ImageFileFormat.Webp => ".webp",
        ImageFileFormat.Gif => ".gif",
        _ => ".bin",
    };

    /// <summary>The media type for an input format; <c>application/octet-stream</c> when unknown.</summary>
    public static string ContentTypeOf(ImageFileFormat format) => format switch
    {
        ImageFileFormat.Png => "image/png",
        ImageFileFormat.Jpeg => "image/jpeg",
        ImageFileFormat.Webp => "image/webp",
        ImageFileFormat.Gif => "image/gif",
        _ => "application/octet-stream",
    };

    /// <summary>Tells an output image's format from its first bytes (up to <see cref="SniffBytes"/>) and its length; null when unknown.</summary>
    public static ImageOutputFormat? OutputFormatOf(ReadOnlySpan<byte> head, long length)
    {
        if (LooksLikeSvg(head.Slice(0, Math.Min(head.Length, SniffBytes))))
        {
            return ImageOutputFormat.Svg;
        }

        return Read(head.Slice(0, Math.Min(head.Length, 64)), length).Format switch
        {
            ImageFileFormat.Png => ImageOutputFormat.Png,
            ImageFileFormat.Jpeg => ImageOutputFormat.Jpeg,
            ImageFileFormat.Webp => ImageOutputFormat.Webp,
            ImageFileFormat.Gif => ImageOutputFormat.Gif,
            _ => (ImageOutputFormat?)null,
        };
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads an input image's format, dimensions and transparency from its header.</summary>
    public static ImageInfo Read(ReadOnlySpan<byte> header, long length)
    {
        if (header.StartsWith(PngSignature))
        {
            return ReadPng(header, length);
        }

        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
        {
            return ReadJpeg(header, length);
        }

        if (header.Length >= 12 && Ascii(header, 0, "RIFF") && Ascii(header, 8, "WEBP"))
        {
            return ReadWebp(header, length);
        }

        if (header.Length >= 10 && (Ascii(header, 0, "GIF87a") || Ascii(header, 0, "GIF89a")))
        {
            return new ImageInfo(ImageFileFormat.Gif, BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(6)),
                BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(8)), null, length);
        }

        return new ImageInfo(ImageFileFormat.Unknown, 0, 0, null, length);
    }

    private static ImageInfo ReadPng(ReadOnlySpan<byte> header, long length)
    {
        if (header.Length < 33 || !Ascii(header, 12, "IHDR"))
        {
            return new ImageInfo(ImageFileFormat.Png, 0, 0, null, length);
        }

        int width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header.Slice(16)), int.MaxValue);
        int height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header.Slice(20)), int.MaxValue);
        byte colorType = header[25];

        // Colour types 4 (grey + alpha) and 6 (RGBA) carry alpha; the others may add it with a tRNS chunk.
        bool? hasAlpha = colorType is 4 or 6 ? true : null;
        int offset = 33;
        while (hasAlpha is null && offset + 8 <= header.Length)
        {
            uint chunkLength = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(offset));
            if (Ascii(header, offset + 4, "tRNS"))
            {
                hasAlpha = true;
            }
            else if (Ascii(header, offset + 4, "IDAT") || Ascii(header, offset + 4, "IEND"))
            {
                hasAlpha = false;
            }

            long next = offset + 12L + chunkLength;
            if (next > int.MaxValue)
            {
                break;
            }

            offset = (int)next;
        }

        return new ImageInfo(ImageFileFormat.Png, width, height, hasAlpha, length);
    }

    private static ImageInfo ReadJpeg(ReadOnlySpan<byte> header, long length)
    {
        int offset = 2;
        while (offset + 4 <= header.Length)
        {
            if (header[offset] != 0xFF)
            {
                break;
            }

            byte marker = header[offset + 1];
            if (marker == 0xFF)
            {
                offset++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD9))
            {
                offset += 2;
                continue;
            }

            int segmentLength = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(offset + 2));
            bool isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame && offset + 9 <= header.Length)
            {
                int height = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(offset + 5));
                int width = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(offset + 7));
                return new ImageInfo(ImageFileFormat.Jpeg, width, height, false, length);
            }

            offset += 2 + segmentLength;
        }

        return new ImageInfo(ImageFileFormat.Jpeg, 0, 0, false, length);
    }

    private static ImageInfo ReadWebp(ReadOnlySpan<byte> header, long length)
    {
        if (header.Length >= 30 && Ascii(header, 12, "VP8 "))
        {
            int width = BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(26)) & 0x3FFF;
            int height = BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(28)) & 0x3FFF;
            return new ImageInfo(ImageFileFormat.Webp, width, height, false, length);
        }

        if (header.Length >= 25 && Ascii(header, 12, "VP8L") && header[20] == 0x2F)
        {
            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(21));
            int width = (int)(bits & 0x3FFF) + 1;
            int height = (int)((bits >> 14) & 0x3FFF) + 1;
            bool alpha = ((bits >> 28) & 1) == 1;
            return new ImageInfo(ImageFileFormat.Webp, width, height, alpha, length);
        }

        if (header.Length >= 30 && Ascii(header, 12, "VP8X"))
        {
            bool alpha = (header[20] & 0x10) != 0;
            int width = (header[24] | (header[25] << 8) | (header[26] << 16)) + 1;
            int height = (header[27] | (header[28] << 8) | (header[29] << 16)) + 1;
            return new ImageInfo(ImageFileFormat.Webp, width, height, alpha, length);
        }

        return new ImageInfo(ImageFileFormat.Webp, 0, 0, null, length);
    }

    private static bool Ascii(ReadOnlySpan<byte> data, int offset, string text)
    {
        if (offset < 0 || offset + text.Length > data.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (data[offset + i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    // SVG is text: an optional BOM, white space or an XML declaration, then an <svg element.
    private static bool LooksLikeSvg(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            head = head.Slice(3);
        }

        int start = 0;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        head = head.Slice(start);
        return head.StartsWith("<svg"u8) || (head.StartsWith("<?xml"u8) && head.IndexOf("<svg"u8) > 0);
    }
}
