using System;
using System.Collections.Generic;
using System.Text.Json;
using static OpenAIImages.Responses.ResponseGrammar;

namespace OpenAIImages.Responses;

/// <summary>
/// The JSON side of reading an <c>ImagesResponse</c>: a token state machine over the bytes it is handed, with no I/O.
/// It stops before each <c>b64_json</c> value, which its caller decodes from the raw bytes
/// (<see cref="Base64ImageSink"/>) and reports back with <see cref="Base64ValueRead"/>.
/// </summary>
/// <remarks>
/// It accepts an Images answer: an object with a <c>data</c> array of images, each with a non-empty base64
/// <c>b64_json</c> or an absolute http(s) <c>url</c>. Known fields have their documented type (or <c>null</c>); unknown
/// fields, and Azure's filter verdicts of a shape it cannot read, are skipped, since metadata is no reason to lose a paid
/// image. Everything else is a <see cref="JsonException"/> whose message says what and where.
/// </remarks>
internal sealed class ImagesResponseParser
{
    private readonly List<ParsedImage> _images = [];
    private JsonReaderState _state;
    private readonly Stack<Context> _contexts = new();
    private Property _property;
    private int _skipDepth = -1;
    private bool _started;
    private bool _sawData;

    private readonly ResponseFields _fields = new();
    private ParsedImage? _image;
    private Property _filterProperty;
    private Dictionary<string, ImageContentFilterResult>? _filters;
    private string? _category;
    private bool? _filtered;
    private string? _severity;
    private bool? _detected;

    /// <summary>Gets whether the whole response object has been read.</summary>
    public bool Finished { get; private set; }

    /// <summary>Gets whether the parser stopped before a <c>b64_json</c> value, for the caller to decode.</summary>
    public bool AtBase64Value { get; private set; }

    /// <summary>Gets the index of the image being read.</summary>
    public int ImageIndex => _images.Count;

    /// <summary>Gets the images read so far.</summary>
    public IReadOnlyList<ParsedImage> Images => _images;

    /// <summary>Gets the format the response declared (<c>output_format</c>), so far.</summary>
    public ImageOutputFormat? DeclaredFormat => _fields.DeclaredFormat;

    /// <summary>Reads tokens from <paramref name="data"/> until the response ends, a <c>b64_json</c> value starts or the data runs out.</summary>
    /// <returns>How many bytes were consumed.</returns>
    /// <exception cref="JsonException">The body is not an Images answer.</exception>
    public int Consume(ReadOnlySpan<byte> data, bool isFinal)
    {
        if (AtBase64Value)
        {
            return 0;
        }

        var json = new Utf8JsonReader(data, isFinal, _state);
        while (!Finished && !AtBase64Value && json.Read())
        {
            Handle(ref json);
        }

        _state = json.CurrentState;
        return (int)json.BytesConsumed;
    }

    /// <summary>The <c>b64_json</c> value the parser stopped at was a string and has been decoded; the parser goes on after it.</summary>
    /// <param name="bytes">The decoded bytes when kept in memory; null when they went to a file.</param>
    /// <param name="length">How many bytes were decoded.</param>
    /// <exception cref="JsonException">The value was empty.</exception>
    public void Base64ValueRead(byte[]? bytes, long length)
    {
        if (length == 0)
        {
            throw new JsonException($"Image {ImageIndex}'s b64_json is empty.");
        }

        _image!.HasBase64 = true;
        _image.Bytes = bytes;
        AtBase64Value = false;

        // The JSON reader's state is told the value was read: a stand-in empty string.
        var json = new Utf8JsonReader("\"\""u8, isFinalBlock: false, _state);
        json.Read();
        _state = json.CurrentState;
    }

    /// <summary>The <c>b64_json</c> value the parser stopped at is not a string; the parser reads it as a token (only null is allowed).</summary>
    public void Base64ValueNotAString() => AtBase64Value = false;

    /// <summary>Builds the result from what was read.</summary>
    public ImageResult ToResult(IReadOnlyList<GeneratedImage> images, string? requestId) => _fields.ToResult(images, requestId);

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

        if (!_started)
        {
            _started = true;
            if (token != JsonTokenType.StartObject)
            {
                throw new JsonException("The body is not a JSON object.");
            }

            _contexts.Push(Context.Root);
            return;
        }

        if (token == JsonTokenType.PropertyName)
        {
            if (_contexts.Peek() == Context.Filters)
            {
                _category = CategoryName(ref json);
            }

            _property = NameOf(ref json);
            if (_property == Property.B64Json && _contexts.Peek() == Context.DataItem)
            {
                if (_image!.HasBase64)
                {
                    throw new JsonException($"Image {ImageIndex} has b64_json twice.");
                }

                AtBase64Value = true;
            }

            return;
        }

        if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            End();
            return;
        }

        Context context = _contexts.Peek();
        if (context == Context.Data)
        {
            if (token != JsonTokenType.StartObject)
            {
                throw new JsonException($"Image {_images.Count} in data is {Describe(token)}, not an object.");
            }

            _image = new ParsedImage();
            _contexts.Push(Context.DataItem);
            return;
        }

        if (context == Context.Filters)
        {
            // Categories are open: Azure adds new ones (jailbreak, protected_material_*, custom_blocklists) over time.
            if (token == JsonTokenType.StartObject)
            {
                _filtered = null;
                _severity = null;
                _detected = null;
                _contexts.Push(Context.FilterCategory);
            }
            else if (token == JsonTokenType.StartArray)
            {
                _skipDepth = json.CurrentDepth;
            }

            return;
        }

        if (context == Context.FilterCategory)
        {
            ReadVerdict(ref json);
            return;
        }

        // An image's filter verdict of another shape is skipped, as a category of another shape is.
        if (context == Context.DataItem && _property is Property.ContentFilterResults or Property.PromptFilterResults && token != JsonTokenType.StartObject)
        {
            if (token == JsonTokenType.StartArray)
            {
                _skipDepth = json.CurrentDepth;
            }

            return;
        }

        Kind kind = Expected(context, _property);
        if (token == JsonTokenType.Null || kind == Kind.Any)
        {
            if (kind == Kind.Array)
            {
                throw new JsonException("data is null, not an array of images.");
            }

            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                _skipDepth = json.CurrentDepth;
            }

            return;
        }

        if (!Matches(kind, token))
        {
            throw new JsonException(kind == Kind.NullOnly
                ? "The body is an error object, not images."
                : $"{Where(context, _images.Count)}{FieldName(_property)} is {Describe(token)}, not {Describe(kind)}.");
        }

        switch (token)
        {
            case JsonTokenType.StartObject:
                StartObject(context);
                break;
            case JsonTokenType.StartArray:
                if (_sawData)
                {
                    throw new JsonException("The body has data twice.");
                }

                _sawData = true;
                _contexts.Push(Context.Data);
                break;
            case JsonTokenType.String:
                ReadString(ref json, context);
                break;
            default:
                ReadNumber(ref json, context);
                break;
        }
    }

    private void StartObject(Context context)
    {
        Context next = (context, _property) switch
        {
            (Context.Root, Property.Usage) => Context.Usage,
            (Context.Root, _) => Context.SvgUsage,
            (Context.DataItem, _) => Context.Filters,
            (Context.Usage, Property.InputTokensDetails) => Context.InputDetails,
            _ => Context.OutputDetails,
        };

        _fields.Entered(next);
        if (next == Context.Filters)
        {
            _filterProperty = _property;
            _filters = new Dictionary<string, ImageContentFilterResult>(StringComparer.Ordinal);
        }

        _contexts.Push(next);
    }

    private void End()
    {
        Context ended = _contexts.Pop();
        if (ended == Context.DataItem)
        {
            ParsedImage image = _image!;
            if (!image.HasBase64 && image.Url is null)
            {
                throw new JsonException($"Image {_images.Count} has neither b64_json nor url.");
            }

            _images.Add(image);
            _image = null;
        }
        else if (ended == Context.FilterCategory)
        {
            _filters![_category!] = new ImageContentFilterResult(_filtered ?? false, _severity, _detected);
        }
        else if (ended == Context.Filters)
        {
            // As for a refusal's results: an object with no categories is no results.
            IReadOnlyDictionary<string, ImageContentFilterResult>? results = _filters!.Count == 0 ? null : _filters;
            if (_filterProperty == Property.ContentFilterResults)
            {
                _image!.ContentFilterResults = results;
            }
            else
            {
                _image!.PromptFilterResults = results;
            }

            _filters = null;
        }
        else if (ended == Context.Root)
        {
            if (!_sawData)
            {
                throw new JsonException("The body has no data array of images.");
            }

            Finished = true;
        }
    }

    private void ReadString(ref Utf8JsonReader json, Context context)
    {
        string value;
        try
        {
            value = json.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException($"{Where(context, _images.Count)}{FieldName(_property)} is not valid Unicode text.", ex);
        }

        switch (context, _property)
        {
            case (Context.DataItem, Property.Url):
                _image!.Url = ParsedImage.UrlOf(value, _images.Count);
                break;
            case (Context.DataItem, Property.RevisedPrompt):
                _image!.RevisedPrompt = value;
                break;
            default:
                _fields.SetText(context, _property, value);
                break;
        }
    }

    // One value of a filter category: filtered and detected when booleans, severity when text; anything else skipped.
    private void ReadVerdict(ref Utf8JsonReader json)
    {
        switch (json.TokenType, _property)
        {
            case (JsonTokenType.StartObject or JsonTokenType.StartArray, _):
                _skipDepth = json.CurrentDepth;
                break;
            case (JsonTokenType.True or JsonTokenType.False, Property.Filtered):
                _filtered = json.TokenType == JsonTokenType.True;
                break;
            case (JsonTokenType.True or JsonTokenType.False, Property.Detected):
                _detected = json.TokenType == JsonTokenType.True;
                break;
            case (JsonTokenType.String, Property.Severity):
                try
                {
                    _severity = json.GetString();
                }
                catch (InvalidOperationException)
                {
                    _severity = null;
                }

                break;
            default:
                break;
        }
    }

    private void ReadNumber(ref Utf8JsonReader json, Context context)
    {
        if (context == Context.Root)
        {
            if (!json.TryGetInt64(out long seconds) || seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
            {
                throw new JsonException("created is not a time in whole Unix seconds.");
            }

            _fields.Created = seconds;
            return;
        }

        if (!json.TryGetInt32(out int value) || value < 0)
        {
            throw new JsonException($"{Where(context, _images.Count)}{FieldName(_property)} is not a token count (a whole number from 0 to {int.MaxValue}).");
        }

        _fields.SetCount(context, _property, value);
    }

    private string CategoryName(ref Utf8JsonReader json)
    {
        try
        {
            return json.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException($"Image {_images.Count}'s {FieldName(_filterProperty)} has a category name that is not valid Unicode text.", ex);
        }
    }
}
