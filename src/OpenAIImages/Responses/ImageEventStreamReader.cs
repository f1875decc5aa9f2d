using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.IO;

namespace OpenAIImages.Responses;

/// <summary>Reads a <c>text/event-stream</c> of image events, as the HTML standard's server-sent events define it.</summary>
/// <remarks>
/// <para>
/// Lines end with CRLF, LF or CR alone; a leading UTF-8 BOM is dropped; comments (<c>:</c>) and the <c>id</c> and
/// <c>retry</c> fields are ignored; the <c>data:</c> lines of an event are joined with LF and the event is dispatched at
/// the blank line after them; <c>[DONE]</c> ends the stream. An event of a type this SDK does not know (neither a
/// partial image nor a completed image nor an error) is skipped, so new event types do not break old clients.
/// </para>
/// <para>
/// Everything else that goes wrong is an <see cref="ImagesStreamException"/>, the cause as its inner exception: a stream
/// that ends in the middle of an event or before the completed image, an event that is not a JSON object or whose known
/// fields have the wrong type, bad base64, an <c>error</c> event, a body that fails to read. Server-sent text (the
/// error's message, code, type and param) goes through <c>redact</c> before it reaches an exception. Only the caller's
/// cancellation is an <see cref="OperationCanceledException"/>.
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
        using var events = new EventStreamParser(body, requestId, redact);
        while (await events.NextAsync(cancellationToken).ConfigureAwait(false) is { } item)
        {
            yield return item;
        }
    }
}
