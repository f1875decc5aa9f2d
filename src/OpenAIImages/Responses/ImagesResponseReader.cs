using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Responses;

/// <summary>Reads an <c>ImagesResponse</c> from a stream token by token.</summary>
/// <remarks>
/// The body is read through one pooled buffer that only grows to hold the largest single token (one image's base64
/// text), and each image is decoded straight from that buffer into an array of its exact size. So at any time the
/// reader holds one image's base64 text and the decoded bytes, never the whole JSON text, a base64 string and the
/// bytes at once. Given an <see cref="ImageFileTarget"/>, each image is decoded in small blocks straight into its file
/// instead, so a call holds no image's bytes at all; URL images are then downloaded into their files.
/// A struct, kept as a local of <see cref="ReadAsync"/>: a body read without waiting allocates no reader.
/// </remarks>
internal struct ImagesResponseReader
{
    private const int InitialBufferSize = 16 * 1024;

    // Decoded bytes written to a file per block (and the block size of URL downloads).
    private const int FileBlockSize = 64 * 1024;

    private readonly Func<Uri, CancellationToken, Task<HttpResponseMessage>>? _download;
    private readonly ImageFileTarget? _files;
    private readonly List<GeneratedImage> _images = [];
    private ContextStack _contexts;
    private Property _property;
    private int _skipDepth = -1;
    private bool _finished;

    private long _created;
    private string? _size;
    private string? _quality;
    private string? _outputFormat;
    private string? _background;
    private byte[]? _imageBytes;
    private string? _imageUrl;
    private string? _revisedPrompt;
    private bool _hasUsage;
    private int _inputTokens;
    private int _outputTokens;
    private int _totalTokens;
    private int[]? _inputDetails;
    private int[]? _outputDetails;
    private string? _safetyIdentifier;
    private int[]? _svgUsage;
    private string? _svgModel;
    private string? _imagePath;
    private ImageOutputFormat? _imageFormat;

    // Writing to files: the b64_json value being streamed into its file, outside the JSON reader.
    private Base64StringDecoder? _rawValue;
    private ImageFileWriter? _rawFile;
    private byte[]? _rawBlock;
    private int _rawFilled;

    private ImagesResponseReader(Func<Uri, CancellationToken, Task<HttpResponseMessage>>? download, ImageFileTarget? files)
    {
        _download = download;
        _files = files;
    }

    private enum Context
    {
        Root,
        Data,
        DataItem,
        Usage,
        InputDetails,
        OutputDetails,
        SvgUsage,
    }

    /// <summary>The objects the reader is inside, 4 bits a level in one number: no allocation (the deepest is 3 levels).</summary>
    private struct ContextStack
    {
        private ulong _bits;

        public int Count { get; private set; }

        public readonly Context Peek() => (Context)(_bits & 0xF);

        public void Push(Context context)
        {
            if (Count == 16)
            {
                throw new JsonException("The response nests deeper than an Images API answer can.");
            }

            _bits = (_bits << 4) | (ulong)context;
            Count++;
        }

        public Context Pop()
        {
            Context top = Peek();
            _bits >>= 4;
            Count--;
            return top;
        }
    }

    private enum Property
    {
        Other,
        Created,
        Data,
        Size,
        Quality,
        OutputFormat,
        Background,
        Usage,
        B64Json,
        Url,
        RevisedPrompt,
        InputTokens,
        OutputTokens,
        TotalTokens,
        InputTokensDetails,
        OutputTokensDetails,
        TextTokens,
        ImageTokens,
        SafetyIdentifier,
        SvgUsage,
        ReasoningTokens,
        Model,
    }

    /// <exception cref="InvalidDataException">The body is not a complete, valid JSON object.</exception>
    public static async Task<ImageResult> ReadAsync(
        Stream body,
        string? requestId,
        Func<Uri, CancellationToken, Task<HttpResponseMessage>>? download,
        ImageFileTarget? files,
        CancellationToken cancellationToken)
    {
        var reader = new ImagesResponseReader(download, files);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(files is null ? InitialBufferSize : FileBlockSize);
        int start = 0;
        int end = 0;
        bool isFinal = false;
        bool stalled = false;
        var state = new JsonReaderState();
        try
        {
            while (true)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

#if NET
                int read = await body.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
#else
                int read = await body.ReadAsync(buffer, end, buffer.Length - end, cancellationToken).ConfigureAwait(false);
#endif
                if (read == 0)
                {
                    isFinal = true;
                }

                end += read;

                // A value longer than what has arrived (an image's base64 text): fill the buffer before parsing again,
                // so the JSON reader scans the value a few times as the buffer doubles, not once per read.
                if (stalled && !isFinal && end < buffer.Length)
                {
                    continue;
                }

                int parsedFrom = start;
                start += reader.Consume(buffer.AsSpan(start, end - start), isFinal, ref state);

                // Writing to files, the JSON reader stops at each b64_json value, which is streamed into its file from
                // the raw bytes, a block at a time; then the JSON reader goes on as if it had read an empty string.
                while (reader._rawValue is { } value)
                {
                    int used = reader.DecodeRawValue(buffer.AsSpan(start, end - start), isFinal);
                    start += used;
                    bool flush = value.Completed || reader.RawBlockFull;
                    if (flush)
                    {
                        // Awaited here, not in a helper: one async frame for the whole body, however many blocks.
                        await reader.RawFile().WriteAsync(reader._rawBlock!, 0, reader._rawFilled, cancellationToken).ConfigureAwait(false);
                        reader._rawFilled = 0;
                    }

                    if (value.Completed)
                    {
                        (string path, ImageOutputFormat? format) = await reader.RawFile().CommitAsync(reader.DeclaredFormat(), cancellationToken).ConfigureAwait(false);
                        reader.RawValueCommitted(path, format);
                        state = SkipEmptyString(state);
                    }
                    else if (!value.NotAString && (start == end || (used == 0 && !flush)))
                    {
                        break; // more input needed
                    }

                    if (reader._rawValue is null)
                    {
                        start += reader.Consume(buffer.AsSpan(start, end - start), isFinal, ref state);
                    }
                }

                stalled = start == parsedFrom && reader._rawValue is null;

                if (reader._finished)
                {
                    await DownloadUrlImagesAsync(reader._images, files, download, cancellationToken).ConfigureAwait(false);
                    return reader.Build(requestId);
                }

                if (isFinal)
                {
                    throw new InvalidDataException("The response body ended before its JSON object was complete.");
                }
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The response body is not valid JSON: " + ex.Message, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            reader.EndRawValue();
        }
    }

    // Tells the JSON reader's state that the value after the property name was read: a stand-in empty string.
    private static JsonReaderState SkipEmptyString(JsonReaderState state)
    {
        var json = new Utf8JsonReader("\"\""u8, isFinalBlock: false, state);
        json.Read();
        return json.CurrentState;
    }

    private int Consume(ReadOnlySpan<byte> data, bool isFinal, ref JsonReaderState state)
    {
        var json = new Utf8JsonReader(data, isFinal, state);
        while (!_finished && _rawValue is null && json.Read())
        {
            Handle(ref json);
        }

        state = json.CurrentState;
        return (int)json.BytesConsumed;
    }

    private void Handle(ref Utf8JsonReader json)
    {
        JsonTokenType token = json.TokenType;
        if (_skipDepth >= 0)
        {
            if ((token is JsonTokenType.EndObject or JsonTokenType.EndArray) && json.CurrentDepth == _skipDepth)
            {
                _skipDepth = -1;
            }

            return;
        }

        switch (token)
        {
            case JsonTokenType.PropertyName:
                _property = NameOf(ref json);
                if (_property == Property.B64Json && _files is not null && _contexts.Peek() == Context.DataItem)
                {
                    _rawValue = new Base64StringDecoder();
                }

                break;
            case JsonTokenType.StartObject:
                StartObject(ref json);
                break;
            case JsonTokenType.StartArray:
                if (_contexts.Count == 1 && _property == Property.Data)
                {
                    _contexts.Push(Context.Data);
                }
                else
                {
                    _skipDepth = json.CurrentDepth;
                }

                break;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                End();
                break;
            case JsonTokenType.String:
                ReadString(ref json);
                break;
            case JsonTokenType.Number:
                ReadNumber(ref json);
                break;
            default:
                break;
        }
    }

    private void StartObject(ref Utf8JsonReader json)
    {
        Context? next = (_contexts.Count == 0 ? (Context?)null : _contexts.Peek(), _property) switch
        {
            (null, _) => Context.Root,
            (Context.Data, _) => Context.DataItem,
            (Context.Root, Property.Usage) => Context.Usage,
            (Context.Root, Property.SvgUsage) => Context.SvgUsage,
            (Context.Usage, Property.InputTokensDetails) => Context.InputDetails,
            (Context.Usage, Property.OutputTokensDetails) => Context.OutputDetails,
            _ => null,
        };

        if (next is null)
        {
            _skipDepth = json.CurrentDepth;
            return;
        }

        if (next == Context.Usage)
        {
            _hasUsage = true;
        }
        else if (next == Context.SvgUsage)
        {
            _svgUsage ??= new int[4];
        }

        _contexts.Push(next.Value);
    }

    private void End()
    {
        Context ended = _contexts.Pop();
        if (ended == Context.DataItem)
        {
            _images.Add(new GeneratedImage(
                _images.Count,
                _imageBytes,
                _imageUrl is null ? null : new Uri(_imageUrl, UriKind.Absolute),
                _revisedPrompt,
                _imageFormat ?? (_outputFormat is null ? (ImageOutputFormat?)null : new ImageOutputFormat(_outputFormat)),
                _download,
                _imagePath));
            _imageBytes = null;
            _imageUrl = null;
            _revisedPrompt = null;
            _imagePath = null;
            _imageFormat = null;
        }
        else if (ended == Context.Root)
        {
            _finished = true;
        }
    }

    private void ReadString(ref Utf8JsonReader json)
    {
        switch (_contexts.Peek(), _property)
        {
            case (Context.Root, Property.Size):
                _size = json.GetString();
                break;
            case (Context.Root, Property.Quality):
                _quality = json.GetString();
                break;
            case (Context.Root, Property.OutputFormat):
                _outputFormat = json.GetString();
                break;
            case (Context.Root, Property.Background):
                _background = json.GetString();
                break;
            case (Context.Root, Property.SafetyIdentifier):
                _safetyIdentifier = json.GetString();
                break;
            case (Context.SvgUsage, Property.Model):
                _svgModel = json.GetString();
                break;
            case (Context.DataItem, Property.B64Json):
                _imageBytes = DecodeBase64(ref json);
                break;
            case (Context.DataItem, Property.Url):
                _imageUrl = json.GetString();
                break;
            case (Context.DataItem, Property.RevisedPrompt):
                _revisedPrompt = json.GetString();
                break;
            default:
                break;
        }
    }

    private void ReadNumber(ref Utf8JsonReader json)
    {
        Context context = _contexts.Peek();
        if (context == Context.Root)
        {
            if (_property == Property.Created)
            {
                _created = json.GetInt64();
            }

            return;
        }

        if (!json.TryGetInt32(out int value))
        {
            return;
        }

        switch (context, _property)
        {
            case (Context.Usage, Property.InputTokens):
                _inputTokens = value;
                break;
            case (Context.Usage, Property.OutputTokens):
                _outputTokens = value;
                break;
            case (Context.Usage, Property.TotalTokens):
                _totalTokens = value;
                break;
            case (Context.InputDetails, Property.TextTokens or Property.ImageTokens):
                (_inputDetails ??= new int[2])[_property == Property.TextTokens ? 0 : 1] = value;
                break;
            case (Context.OutputDetails, Property.TextTokens or Property.ImageTokens):
                (_outputDetails ??= new int[2])[_property == Property.TextTokens ? 0 : 1] = value;
                break;
            case (Context.SvgUsage, Property.InputTokens):
                _svgUsage![0] = value;
                break;
            case (Context.SvgUsage, Property.OutputTokens):
                _svgUsage![1] = value;
                break;
            case (Context.SvgUsage, Property.ReasoningTokens):
                _svgUsage![2] = value;
                break;
            case (Context.SvgUsage, Property.TotalTokens):
                _svgUsage![3] = value;
                break;
            default:
                break;
        }
    }

    // Whether the block should be written out before decoding more (the decoder needs a little room to go on).
    private readonly bool RawBlockFull => _rawBlock is not null && _rawBlock.Length - _rawFilled < 8 * 1024;

    // Decodes what has arrived of the b64_json value into the block; returns how many bytes of the input it used.
    private int DecodeRawValue(ReadOnlySpan<byte> input, bool isFinal)
    {
        Base64StringDecoder value = _rawValue!;
        _rawBlock ??= ArrayPool<byte>.Shared.Rent(FileBlockSize);
        int used = value.Decode(input, _rawBlock.AsSpan(_rawFilled), isFinal, out int written);
        _rawFilled += written;
        if (value.NotAString)
        {
            EndRawValue(); // null or another value: the JSON reader reads it, and the image has no file
        }
        else if (isFinal && used == 0 && written == 0 && !value.Completed)
        {
            throw new JsonException("The response body ended inside a b64_json value.");
        }

        return used;
    }

    private ImageFileWriter RawFile() => _rawFile ??= _files!.Open(_images.Count);

    // The format the response declared so far, for a file whose bytes do not tell.
    private readonly ImageOutputFormat? DeclaredFormat() => _outputFormat is null ? (ImageOutputFormat?)null : new ImageOutputFormat(_outputFormat);

    // The value's file is in place (awaited by ReadAsync itself: an async method of a struct would change a copy).
    private void RawValueCommitted(string path, ImageOutputFormat? format)
    {
        _imagePath = path;
        _imageFormat = format;
        EndRawValue();
    }

    // Leaves raw mode; an uncommitted file is removed.
    private void EndRawValue()
    {
        _rawValue = null;
        _rawFile?.Dispose();
        _rawFile = null;
        if (_rawBlock is not null)
        {
            ArrayPool<byte>.Shared.Return(_rawBlock);
            _rawBlock = null;
        }

        _rawFilled = 0;
    }

    // Writing to files, URL images are fetched once the response is read: through the client, without the API key.
    private static async Task DownloadUrlImagesAsync(
        List<GeneratedImage> images,
        ImageFileTarget? files,
        Func<Uri, CancellationToken, Task<HttpResponseMessage>>? download,
        CancellationToken cancellationToken)
    {
        if (files is null)
        {
            return;
        }

        for (int i = 0; i < images.Count; i++)
        {
            GeneratedImage image = images[i];
            if (image.Url is not { } url || image.FilePath is not null)
            {
                continue;
            }

            if (download is null)
            {
                throw new InvalidOperationException($"Image {i} came as a URL and there is no client to download it with.");
            }

            using HttpResponseMessage response = await download(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ImagesDownloadException($"Downloading image {i} from {url.GetLeftPart(UriPartial.Path)} failed with status {(int)response.StatusCode}.", i, (int)response.StatusCode, null);
            }

#if NET
            using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            byte[] block = ArrayPool<byte>.Shared.Rent(FileBlockSize);
            try
            {
                using ImageFileWriter file = files.Open(i);
                int read;
                while ((read = await body.ReadAsync(block, 0, block.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(block, 0, read, cancellationToken).ConfigureAwait(false);
                }

                (string path, ImageOutputFormat? format) = await file.CommitAsync(image.OutputFormat, cancellationToken).ConfigureAwait(false);
                images[i] = new GeneratedImage(i, null, url, image.RevisedPrompt, format, download, path);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }
    }

    private static byte[] DecodeBase64(ref Utf8JsonReader json)
    {
        ReadOnlySpan<byte> text = json.ValueSpan;
        byte[]? unescaped = null;
        try
        {
            if (json.ValueIsEscaped)
            {
                unescaped = ArrayPool<byte>.Shared.Rent(text.Length);
                text = unescaped.AsSpan(0, json.CopyString(unescaped));
            }

            int padding = text.Length > 0 && text[text.Length - 1] == '=' ? (text.Length > 1 && text[text.Length - 2] == '=' ? 2 : 1) : 0;
            var bytes = new byte[Math.Max(0, (text.Length / 4 * 3) - padding)];
            OperationStatus status = Base64.DecodeFromUtf8(text, bytes, out int consumed, out int written);
            if (status == OperationStatus.Done && consumed == text.Length && written == bytes.Length)
            {
                return bytes;
            }

            return DecodeLenient(text);
        }
        finally
        {
            if (unescaped is not null)
            {
                ArrayPool<byte>.Shared.Return(unescaped);
            }
        }
    }

    // Base64 with line breaks or without padding: the slower decoder that accepts them.
    private static byte[] DecodeLenient(ReadOnlySpan<byte> text)
    {
        try
        {
            return Convert.FromBase64String(PadBase64(Encoding.ASCII.GetString(text.ToArray())));
        }
        catch (FormatException ex)
        {
            throw new JsonException("b64_json is not valid base64.", ex);
        }
    }

    private static string PadBase64(string text)
    {
        int length = 0;
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                length++;
            }
        }

        return length % 4 == 0 ? text : text + new string('=', 4 - (length % 4));
    }

    private static Property NameOf(ref Utf8JsonReader json)
    {
        return json.ValueTextEquals("b64_json"u8) ? Property.B64Json
            : json.ValueTextEquals("url"u8) ? Property.Url
            : json.ValueTextEquals("revised_prompt"u8) ? Property.RevisedPrompt
            : json.ValueTextEquals("created"u8) ? Property.Created
            : json.ValueTextEquals("data"u8) ? Property.Data
            : json.ValueTextEquals("size"u8) ? Property.Size
            : json.ValueTextEquals("quality"u8) ? Property.Quality
            : json.ValueTextEquals("output_format"u8) ? Property.OutputFormat
            : json.ValueTextEquals("background"u8) ? Property.Background
            : json.ValueTextEquals("usage"u8) ? Property.Usage
            : json.ValueTextEquals("input_tokens"u8) ? Property.InputTokens
            : json.ValueTextEquals("output_tokens"u8) ? Property.OutputTokens
            : json.ValueTextEquals("total_tokens"u8) ? Property.TotalTokens
            : json.ValueTextEquals("input_tokens_details"u8) ? Property.InputTokensDetails
            : json.ValueTextEquals("output_tokens_details"u8) ? Property.OutputTokensDetails
            : json.ValueTextEquals("text_tokens"u8) ? Property.TextTokens
            : json.ValueTextEquals("image_tokens"u8) ? Property.ImageTokens
            : json.ValueTextEquals("safety_identifier"u8) ? Property.SafetyIdentifier
            : json.ValueTextEquals("svg_usage"u8) ? Property.SvgUsage
            : json.ValueTextEquals("reasoning_tokens"u8) ? Property.ReasoningTokens
            : json.ValueTextEquals("model"u8) ? Property.Model
            : Property.Other;
    }

    private ImageResult Build(string? requestId)
    {
        ImageUsage? usage = _hasUsage
            ? new ImageUsage(
                _inputTokens,
                _outputTokens,
                _totalTokens,
                _inputDetails is null ? null : new ImageTokenDetails(_inputDetails[0], _inputDetails[1]),
                _outputDetails is null ? null : new ImageTokenDetails(_outputDetails[0], _outputDetails[1]))
            : null;

        return new ImageResult(
            DateTimeOffset.FromUnixTimeSeconds(_created),
            _images,
            usage,
            OpenString(_size) is { } size ? new ImageSize(size) : (ImageSize?)null,
            OpenString(_quality) is { } quality ? new ImageQuality(quality) : (ImageQuality?)null,
            OpenString(_outputFormat) is { } format ? new ImageOutputFormat(format) : (ImageOutputFormat?)null,
            OpenString(_background) is { } background ? new ImageBackground(background) : (ImageBackground?)null,
            requestId,
            _safetyIdentifier,
            _svgUsage is { } svg ? new ImageSvgUsage(svg[0], svg[1], svg[2], svg[3], _svgModel) : null);
    }

    // Response enums are read as open strings; only text a value type cannot hold is dropped.
    private static string? OpenString(string? value) =>
        string.IsNullOrEmpty(value) || value!.Trim().Length != value.Length ? null : value;
}
