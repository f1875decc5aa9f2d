using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Responses;

/// <summary>
/// The server-sent-events framing of an image stream: lines (CRLF, LF or CR) found in one <see cref="PooledBuffer"/>,
/// fields parsed, <c>data</c> joined, events dispatched at blank lines and handed to <see cref="ImageEventParser"/>.
/// </summary>
/// <remarks>
/// An event with one <c>data</c> line (what OpenAI sends) is parsed where it lies: its lines stay unconsumed in the
/// buffer until the blank line, so the JSON and its base64 are read straight from the pooled bytes, never copied. Only
/// an event of several <c>data</c> lines is joined, in a separate buffer made on first need.
/// </remarks>
internal sealed class EventStreamParser : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly Stream _body;
    private readonly string? _requestId;
    private readonly Func<string, string> _redact;
    private readonly PooledBuffer _buffer = new(InitialBufferSize);
    private MemoryStream? _joined;
    private int _scanned;

    // The bytes at the start of the buffer that belong to the event being read and are kept for its one data value.
    private int _held;
    private int _valueStart;
    private int _valueLength;
    private bool _single;
    private bool _eof;
    private bool _bomChecked;
    private bool _skipLineFeed;
    private bool _hasData;
    private bool _completed;
    private bool _done;
    private string? _eventType;

    public EventStreamParser(Stream body, string? requestId, Func<string, string> redact)
    {
        _body = body;
        _requestId = requestId;
        _redact = redact;
    }

    /// <summary>Reads up to the next image event.</summary>
    /// <returns>The event, or null at the end of the stream.</returns>
    /// <exception cref="ImagesStreamException">The stream broke off, was malformed or reported an error.</exception>
    public async Task<ImageStreamEvent?> NextAsync(CancellationToken cancellationToken)
    {
        while (!_done)
        {
            if (!_bomChecked && !SkipByteOrderMark())
            {
                await ReadAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            while (TakeLine(out bool dispatch))
            {
                if (dispatch && Dispatch() is { } item)
                {
                    _completed |= item is ImageCompletedEvent;
                    return item;
                }

                if (_done)
                {
                    return null;
                }
            }

            if (_eof)
            {
                // An event must end with a blank line; one cut off by the end of the body is a dropped connection.
                if (_buffer.Length > _held || (_hasData && !PendingIsDone()))
                {
                    throw ImageEventParser.Error("The event stream ended in the middle of an event; the connection may have dropped.", _requestId, null);
                }

                if (!_completed)
                {
                    throw ImageEventParser.Error("The event stream ended before the completed image arrived; the connection may have dropped.", _requestId, null);
                }

                _done = true;
                return null;
            }

            await ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    public void Dispose()
    {
        _buffer.Dispose();
        _joined?.Dispose();
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _eof = await _buffer.ReadAsync(_body, cancellationToken).ConfigureAwait(false) == 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException or InvalidOperationException or OperationCanceledException)
        {
            throw ImageEventParser.Error("The event stream broke off: " + Redaction.Text(ex.Message, null), _requestId, ex);
        }
    }

    // A UTF-8 BOM may open the stream and is not part of the first line; false while too few bytes have arrived to tell.
    private bool SkipByteOrderMark()
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        ReadOnlySpan<byte> data = _buffer.Data;
        int n = Math.Min(data.Length, 3);
        if (!data.Slice(0, n).SequenceEqual(bom.Slice(0, n)))
        {
            _bomChecked = true;
        }
        else if (n == 3)
        {
            _buffer.Consume(3);
            _bomChecked = true;
        }
        else if (_eof)
        {
            _bomChecked = true;
        }

        return _bomChecked;
    }

    // Takes one complete line and acts on its field; dispatch says it was the blank line that ends an event.
    private bool TakeLine(out bool dispatch)
    {
        dispatch = false;
        ReadOnlySpan<byte> data = _buffer.Data.Slice(_held);
        if (_skipLineFeed && data.Length > 0)
        {
            _skipLineFeed = false;
            if (data[0] == (byte)'\n')
            {
                Advance(1);
                data = data.Slice(1);
            }
        }

        int end = data.Slice(_scanned).IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0)
        {
            _scanned = data.Length;
            return false;
        }

        end += _scanned;
        _scanned = 0;
        int next = end + 1;
        if (data[end] == (byte)'\r')
        {
            if (next < data.Length)
            {
                next += data[next] == (byte)'\n' ? 1 : 0;
            }
            else
            {
                _skipLineFeed = true; // the LF of a CRLF may come with the next read
            }
        }

        ReadOnlySpan<byte> line = data.Slice(0, end);
        if (line.Length == 0)
        {
            dispatch = true;
        }
        else
        {
            Field(line);
        }

        Advance(next);
        return true;
    }

    // Moves past a line: kept while the event's one data value lies in it or before it, consumed otherwise.
    private void Advance(int count)
    {
        if (_single)
        {
            _held += count;
        }
        else
        {
            _buffer.Consume(count);
        }
    }

    private void Field(ReadOnlySpan<byte> line)
    {
        if (line[0] == (byte)':')
        {
            return; // a comment, such as a keep-alive
        }

        int colon = line.IndexOf((byte)':');
        ReadOnlySpan<byte> name = colon < 0 ? line : line.Slice(0, colon);
        int valueAt = colon < 0 ? line.Length : colon + 1;
        if (valueAt < line.Length && line[valueAt] == (byte)' ')
        {
            valueAt++;
        }

        ReadOnlySpan<byte> value = line.Slice(valueAt);
        if (name.SequenceEqual("data"u8))
        {
            if (!_hasData)
            {
                // The first data line: kept where it is (the line starts at _held) until the event ends.
                _hasData = true;
                _single = true;
                _valueStart = _held + valueAt;
                _valueLength = value.Length;
                return;
            }

            MemoryStream joined = _joined ??= new MemoryStream();
            if (_single)
            {
                // A second data line: the event's data is joined after all, starting with the value kept so far.
                Append(joined, _buffer.Data.Slice(_valueStart, _valueLength));
                _single = false;
                _buffer.Consume(_held);
                _held = 0;
            }

            joined.WriteByte((byte)'\n');
            Append(joined, value);
        }
        else if (name.SequenceEqual("event"u8))
        {
            _eventType = EventType(value);
        }

        // id and retry matter to a browser reconnecting; other fields are ignored, as the standard says.
    }

    // The event types OpenAI sends come back as constants, so reading them allocates nothing.
    private static string EventType(ReadOnlySpan<byte> value)
    {
        if (value.SequenceEqual("image_generation.partial_image"u8))
        {
            return "image_generation.partial_image";
        }

        if (value.SequenceEqual("image_generation.completed"u8))
        {
            return "image_generation.completed";
        }

        if (value.SequenceEqual("image_edit.partial_image"u8))
        {
            return "image_edit.partial_image";
        }

        if (value.SequenceEqual("image_edit.completed"u8))
        {
            return "image_edit.completed";
        }

#if NET
        return System.Text.Encoding.UTF8.GetString(value);
#else
        return System.Text.Encoding.UTF8.GetString(value.ToArray());
#endif
    }

    private static void Append(MemoryStream stream, ReadOnlySpan<byte> value)
    {
#if NET
        stream.Write(value);
#else
        byte[] copy = ArrayPool<byte>.Shared.Rent(value.Length);
        value.CopyTo(copy);
        stream.Write(copy, 0, value.Length);
        ArrayPool<byte>.Shared.Return(copy);
#endif
    }

    private bool PendingIsDone() => Pending().Span.SequenceEqual("[DONE]"u8);

    // The event's data: the one value where it lies in the buffer, or the joined lines.
    private ReadOnlyMemory<byte> Pending() =>
        _single ? _buffer.Memory.Slice(_valueStart, _valueLength)
        : _joined is { } joined ? new ReadOnlyMemory<byte>(joined.GetBuffer(), 0, (int)joined.Length)
        : default;

    private ImageStreamEvent? Dispatch()
    {
        string? eventType = _eventType;
        bool hasData = _hasData;
        _eventType = null;
        _hasData = false;
        if (!hasData)
        {
            return null;
        }

        ReadOnlyMemory<byte> json = Pending();
        try
        {
            if (json.Span.SequenceEqual("[DONE]"u8))
            {
                _done = true;
                return null;
            }

            return ImageEventParser.Parse(json, eventType, _requestId, _redact);
        }
        finally
        {
            // Only now, the event read, may its bytes be given back to the buffer.
            _buffer.Consume(_held);
            _held = 0;
            _single = false;
            _joined?.SetLength(0);
        }
    }
}
