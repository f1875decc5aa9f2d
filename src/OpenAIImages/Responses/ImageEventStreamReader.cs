using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Responses;

/// <summary>Reads a <c>text/event-stream</c> of image events: <c>data:</c> lines joined until a blank line, comments skipped, <c>[DONE]</c> ends it.</summary>
/// <remarks>
/// Lines are found in one pooled buffer that grows only to the longest line (one image's base64 text). A stream that
/// ends without a completed event, an event that is not JSON, or an event with an <c>error</c> member ends in an
/// <see cref="ImagesStreamException"/>, never a hang.
/// </remarks>
internal static class ImageEventStreamReader
{
    public static async IAsyncEnumerable<ImageStreamEvent> ReadAsync(Stream body, string? requestId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = new LineReader(body);
        using var data = new MemoryStream();
        bool completed = false;
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte>? line = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }

                ReadOnlySpan<byte> text = line.Value.Span;
                if (text.Length == 0)
                {
                    if (data.Length == 0)
                    {
                        continue;
                    }

                    if (Written(data).Span.SequenceEqual("[DONE]"u8))
                    {
                        break;
                    }

                    ImageStreamEvent item = Parse(Written(data), requestId);
                    data.SetLength(0);
                    completed |= item is ImageCompletedEvent;
                    yield return item;
                    continue;
                }

                if (text[0] == (byte)':')
                {
                    continue; // a comment, such as a keep-alive
                }

                if (text.StartsWith("data:"u8))
                {
                    ReadOnlySpan<byte> value = text.Slice(5);
                    if (value.Length > 0 && value[0] == (byte)' ')
                    {
                        value = value.Slice(1);
                    }

                    if (data.Length > 0)
                    {
                        data.WriteByte((byte)'\n');
                    }

                    data.Write(value.ToArray(), 0, value.Length);
                }

                // event:, id: and retry: lines carry nothing the data does not; the JSON's type decides.
            }

            // An event must end with a blank line; one cut off by the end of the body is a dropped connection.
            if (data.Length > 0 && !Written(data).Span.SequenceEqual("[DONE]"u8))
            {
                throw Error("The event stream ended in the middle of an event; the connection may have dropped.", requestId, null);
            }
        }
        finally
        {
            lines.Dispose();
        }

        if (!completed)
        {
            throw Error("The event stream ended before the completed image arrived; the connection may have dropped.", requestId, null);
        }
    }

    private static ReadOnlyMemory<byte> Written(MemoryStream data) => new(data.GetBuffer(), 0, (int)data.Length);

    private static ImageStreamEvent Parse(ReadOnlyMemory<byte> json, string? requestId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Error("An event in the stream is not valid JSON: " + ex.Message, requestId, ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("An event in the stream is not a JSON object.", requestId, null);
            }

            if (root.TryGetProperty("error", out JsonElement error))
            {
                string message = error.ValueKind == JsonValueKind.Object ? Text(error, "message") ?? "unknown error" : error.ToString();
                throw new ImagesStreamException(
                    "The event stream reported an error: " + message,
                    new ImagesApiErrorDetails(200, Text(error, "type"), Text(error, "code"), Text(error, "param"), message, requestId, null));
            }

            string type = Text(root, "type") ?? throw Error("An event in the stream has no type.", requestId, null);
            byte[] bytes;
            try
            {
                bytes = root.TryGetProperty("b64_json", out JsonElement b64) && b64.ValueKind == JsonValueKind.String ? b64.GetBytesFromBase64() : [];
            }
            catch (FormatException ex)
            {
                throw Error($"The {type} event's b64_json is not valid base64.", requestId, ex);
            }

            ImageOutputFormat? format = Text(root, "output_format") is { } f ? new ImageOutputFormat(f) : (ImageOutputFormat?)null;
            DateTimeOffset createdAt = root.TryGetProperty("created_at", out JsonElement created) && created.TryGetInt64(out long seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : default;
            ImageSize? size = Text(root, "size") is { } s ? new ImageSize(s) : (ImageSize?)null;
            ImageQuality? quality = Text(root, "quality") is { } q ? new ImageQuality(q) : (ImageQuality?)null;
            ImageBackground? background = Text(root, "background") is { } bg ? new ImageBackground(bg) : (ImageBackground?)null;

            if (type.EndsWith(".partial_image", StringComparison.Ordinal))
            {
                int index = root.TryGetProperty("partial_image_index", out JsonElement i) && i.TryGetInt32(out int value) ? value : 0;
                var image = new GeneratedImage(index, bytes, null, null, format, null);
                return new ImagePartialEvent(type, image, createdAt, size, quality, background, format, index);
            }

            if (type.EndsWith(".completed", StringComparison.Ordinal))
            {
                var image = new GeneratedImage(0, bytes, null, null, format, null);
                return new ImageCompletedEvent(type, image, createdAt, size, quality, background, format, Usage(root), Text(root, "safety_identifier"));
            }

            throw Error($"The event stream sent an event of unknown type '{type}'.", requestId, null);
        }
    }

    private static ImageUsage? Usage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out JsonElement usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new ImageUsage(Int(usage, "input_tokens"), Int(usage, "output_tokens"), Int(usage, "total_tokens"), Details(usage, "input_tokens_details"), Details(usage, "output_tokens_details"));
    }

    private static ImageTokenDetails? Details(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out JsonElement details) && details.ValueKind == JsonValueKind.Object
            ? new ImageTokenDetails(Int(details, "text_tokens"), Int(details, "image_tokens"))
            : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.TryGetInt32(out int number) ? number : 0;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text && text.Trim().Length == text.Length
            ? text
            : null;

    private static ImagesStreamException Error(string message, string? requestId, Exception? inner) =>
        new(message, new ImagesApiErrorDetails(200, null, null, null, message, requestId, null), inner);

    /// <summary>Splits a stream into lines (LF or CRLF) using one pooled, growing buffer.</summary>
    private sealed class LineReader(Stream stream) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private int _start;
        private int _end;
        private int _scanned;
        private bool _eof;

        public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                int newline = Array.IndexOf(_buffer, (byte)'\n', _scanned, _end - _scanned);
                if (newline >= 0)
                {
                    int length = newline - _start;
                    if (length > 0 && _buffer[newline - 1] == (byte)'\r')
                    {
                        length--;
                    }

                    var line = new ReadOnlyMemory<byte>(_buffer, _start, length);
                    _start = _scanned = newline + 1;
                    return line;
                }

                _scanned = _end;
                if (_eof)
                {
                    if (_start == _end)
                    {
                        return null;
                    }

                    var rest = new ReadOnlyMemory<byte>(_buffer, _start, _end - _start);
                    _start = _scanned = _end;
                    return rest;
                }

                Compact();
                int read = await stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _eof = true;
                }

                _end += read;
            }
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        private void Compact()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _scanned -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }
    }
}
