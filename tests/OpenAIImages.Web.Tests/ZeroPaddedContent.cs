using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace OpenAIImages.Web.Tests;

/// <summary>A file of <c>size</c> bytes that starts with <c>head</c> and goes on with zeros, written in blocks rather than held in memory.</summary>
internal sealed class ZeroPaddedContent(byte[] head, long size) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(head);
        byte[] zeros = new byte[64 * 1024];
        for (long left = size - head.Length; left > 0; left -= zeros.Length)
        {
            await stream.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, zeros.Length)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = size;
        return true;
    }
}
