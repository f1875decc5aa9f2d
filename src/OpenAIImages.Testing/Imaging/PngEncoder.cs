using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace OpenAIImages.Testing.Imaging;

/// <summary>Writes 8-bit RGB or RGBA PNGs: filter 0 on every row, one IDAT chunk, fastest deflate unless asked otherwise.</summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes an image whose rows are produced by <paramref name="fillRow"/>.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="withAlpha">RGBA (colour type 6) when true, else RGB (colour type 2).</param>
    /// <param name="fillRow">Fills the row's pixel bytes (without the filter byte) for row y.</param>
    /// <param name="level">The deflate level: fastest for answers, smallest for the stand-ins of shrunk recordings.</param>
    public static byte[] Encode(int width, int height, bool withAlpha, RowFiller fillRow, CompressionLevel level = CompressionLevel.Fastest)
    {
        int bytesPerPixel = withAlpha ? 4 : 3;
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;
        header[9] = withAlpha ? (byte)6 : (byte)2;
        header[10] = 0;
        header[11] = 0;
        header[12] = 0;
        WriteChunk(output, "IHDR", header);

        // The IDAT chunk is deflated in place, after its length and type, and the length filled in once known: the
        // compressed data is not held in a buffer of its own and copied (an image's worth of arrays less per answer).
        long lengthAt = output.Position;
        output.Write(stackalloc byte[4]);
        output.Write("IDAT"u8);
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            var row = new byte[1 + (width * bytesPerPixel)];
            for (int y = 0; y < height; y++)
            {
                row[0] = 0;
                fillRow(y, row.AsSpan(1));
                zlib.Write(row);
            }
        }

        ReadOnlySpan<byte> chunk = output.GetBuffer().AsSpan((int)lengthAt + 4, (int)(output.Length - lengthAt - 4)); // type and data
        BinaryPrimitives.WriteInt32BigEndian(output.GetBuffer().AsSpan((int)lengthAt), chunk.Length - 4);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Finish(Crc32.Update(0xFFFFFFFFu, chunk)));
        output.Write(crc);

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> scratch = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(scratch, data.Length);
        output.Write(scratch);

        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);

        uint crc = Crc32.Update(0xFFFFFFFFu, typeBytes);
        crc = Crc32.Finish(Crc32.Update(crc, data));
        BinaryPrimitives.WriteUInt32BigEndian(scratch, crc);
        output.Write(scratch);
    }
}
