using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using OpenAIImages.Internal;

namespace OpenAIImages.Responses;

/// <summary>Reads a <c>text/event-stream</c> of image events: the framing is <see cref="SseParser"/>'s, what each event means is <see cref="ImageEventParser"/>'s.</summary>
/// <remarks>
/// <para>
/// An event whose data is empty (a <c>data</c> line without a colon is an empty field), or of a type this SDK does not
/// know (neither a partial image nor a completed image nor an error), is skipped, so new event types do not break old
/// clients; <c>[DONE]</c> ends the stream.
/// </para>
/// <para>
/// Everything else that goes wrong is an <see cref="ImagesStreamException"/>, the cause as its inner exception: a stream
/// that ends (at the end of the body or at <c>[DONE]</c>) before the completed image, an event that is not a JSON
/// object or whose known fields have the wrong type, bad base64, an <c>error</c> event, a body that fails to read.
/// Server-sent text goes through <c>redact</c> before it reaches an exception. Only the caller's cancellation is an
/// <see cref="OperationCanceledException"/>.
/// </para>
/// </remarks>
internal static class ImageEventStreamReader
{
    public static async IAsyncEnumerable<ImageStreamEvent> ReadAsync(
        Stream body,
        string? requestId,
        Func<string, string> redact,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = new EventReader(requestId, redact);
        SseParser<ImageStreamEvent?> parser = SseParser.Create<ImageStreamEvent?>(body, events.Parse);
        IAsyncEnumerator<SseItem<ImageStreamEvent?>> items = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool completed = false;
        try
        {
            while (await NextAsync(items, requestId, cancellationToken).ConfigureAwait(false) && !events.Done)
            {
                if (items.Current.Data is { } item)
                {
                    completed |= item is ImageCompletedEvent;
                    yield return item;
                }
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }

        if (!completed)
        {
            throw ImageEventParser.Error("The event stream ended before the completed image arrived; the connection may have dropped.", requestId, null);
        }
    }

    // The next event; a body that fails to read (or does not decompress) is a stream that broke off.
    private static async System.Threading.Tasks.Task<bool> NextAsync(IAsyncEnumerator<SseItem<ImageStreamEvent?>> items, string? requestId, CancellationToken cancellationToken)
    {
        try
        {
            return await items.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            throw ImageEventParser.Error("The event stream broke off: " + Redaction.Text(ex.Message, null), requestId, ex);
        }
    }

    /// <summary>Turns each event's data into an image event where the parser holds it; remembers <c>[DONE]</c>.</summary>
    private sealed class EventReader(string? requestId, Func<string, string> redact)
    {
        public bool Done { get; private set; }

        public ImageStreamEvent? Parse(string eventType, ReadOnlySpan<byte> data)
        {
            if (IsBlank(data))
            {
                return null;
            }

            if (data.SequenceEqual("[DONE]"u8))
            {
                Done = true;
                return null;
            }

            // The JSON reader needs memory, not a span: the data is copied into a pooled array, never a new one, and
            // its base64 decoded from there.
            byte[] copy = ArrayPool<byte>.Shared.Rent(data.Length);
            try
            {
                data.CopyTo(copy);
                return ImageEventParser.Parse(copy.AsMemory(0, data.Length), eventType == "message" ? null : eventType, requestId, redact);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        private static bool IsBlank(ReadOnlySpan<byte> data)
        {
            foreach (byte b in data)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
