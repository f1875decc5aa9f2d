using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Internal;

/// <summary>Reads that fill a buffer, where one read of a stream may return fewer bytes than asked.</summary>
internal static class StreamReads
{
    /// <summary>Reads into <paramref name="buffer"/> at <paramref name="offset"/> until <paramref name="count"/> bytes have come or the stream ends.</summary>
    /// <returns>How many bytes were read: <paramref name="count"/>, or fewer when the stream ended first.</returns>
#if NET
    public static ValueTask<int> ReadAtMostAsync(Stream source, byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        source.ReadAtLeastAsync(buffer.AsMemory(offset, count), count, throwOnEndOfStream: false, cancellationToken);
#else
    public static async ValueTask<int> ReadAtMostAsync(Stream source, byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < count)
        {
            int read = await source.ReadAsync(buffer, offset + total, count - total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
#endif
}
