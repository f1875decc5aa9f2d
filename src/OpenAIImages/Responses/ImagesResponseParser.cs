using System;
using System.Collections.Generic;
using System.Text.Json;

namespace OpenAIImages.Responses;

/// <summary>
/// The JSON side of reading an <c>ImagesResponse</c>: a token state machine over the bytes it is handed, with no I/O.
/// It stops before each <c>b64_json</c> value, which its caller decodes from the raw bytes
/// (<see cref="Base64ImageSink"/>) and reports back with <see cref="Base64ValueRead"/>.
/// </summary>
/// <remarks>
/// What it accepts is an Images answer: a JSON object with a <c>data</c> array of image objects, each with a
/// non-empty base64 <c>b64_json</c> or an absolute http(s) <c>url</c>. Known fields must have their documented JSON
/// type (or be <c>null</c>, read as absent); numbers must fit; text must be valid Unicode; unknown fields of any shape
/// are skipped. Azure OpenAI's <c>content_filter_results</c> and <c>prompt_filter_results</c> of an image are objects of
/// categories (or null), each read as <see cref="Errors.ContentFilterReader"/> reads a refusal's: what is not a category
/// object is skipped, and so is a category's <c>filtered</c>, <c>severity</c> or <c>detected</c> of another type, since a
/// verdict the SDK cannot read is no reason to lose images already paid for. A 200 body that is an <c>error</c> object is not an answer. Everything else is a
/// <see cref="JsonException"/> whose message says what and where.
/// </remarks>
internal sealed class ImagesResponseParser
{
    // The range DateTimeOffset.FromUnixTimeSeconds accepts.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    private readonly List<ParsedImage> _images = [];
    private JsonReaderState _state;
    private ContextStack _contexts;
    private Property _property;
    private int _skipDepth = -1;
    private bool _started;
    private bool _sawData;

    private long _created;
    private string? _size;
    private string? _quality;
    private string? _outputFormat;
    private string? _background;
    private ParsedImage? _image;
    private bool _hasUsage;
    private int _inputTokens;
    private int _outputTokens;
    private int _totalTokens;
    private int[]? _inputDetails;
    private int[]? _outputDetails;
    private string? _safetyIdentifier;
    private int[]? _svgUsage;
    private string? _svgModel;
    private Property _filterProperty;
    private Dictionary<string, ImageContentFilterResult>? _filters;
    private string? _category;
    private bool? _filtered;
    private string? _severity;
    private bool? _detected;

    private enum Context
    {
        Root,
        Data,
        DataItem,
        Usage,
        InputDetails,
        OutputDetails,
        SvgUsage,
        Filters,
        FilterCategory,
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
        Error,
        ContentFilterResults,
        PromptFilterResults,
        Filtered,
        Severity,
        Detected,
    }

    // The JSON type a known field must have (null is always allowed and read as absent).
    private enum Kind
    {
        Any,
        String,
        Number,
        Object,
        Array,
        NullOnly,
    }

    /// <summary>Gets whether the whole response object has been read.</summary>
    public bool Finished { get; private set; }

    /// <summary>Gets whether the parser stopped before a <c>b64_json</c> value, for the caller to decode.</summary>
    public bool AtBase64Value { get; private set; }

    /// <summary>Gets the index of the image being read.</summary>
    public int ImageIndex => _images.Count;

    /// <summary>Gets the images read so far.</summary>
    public IReadOnlyList<ParsedImage> Images => _images;

    /// <summary>Gets the format the response declared (<c>output_format</c>), so far.</summary>
    public ImageOutputFormat? DeclaredFormat => OpenString(_outputFormat) is { } format ? new ImageOutputFormat(format) : (ImageOutputFormat?)null;

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
    public ImageResult ToResult(IReadOnlyList<GeneratedImage> images, string? requestId)
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
            images,
            usage,
            OpenString(_size) is { } size ? new ImageSize(size) : (ImageSize?)null,
            OpenString(_quality) is { } quality ? new ImageQuality(quality) : (ImageQuality?)null,
            DeclaredFormat,
            OpenString(_background) is { } background ? new ImageBackground(background) : (ImageBackground?)null,
            requestId,
            _safetyIdentifier,
            _svgUsage is { } svg ? new ImageSvgUsage(svg[0], svg[1], svg[2], svg[3], _svgModel) : null);
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
                : $"{Where(context)}{FieldName(_property)} is {Describe(token)}, not {Describe(kind)}.");
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

    private static Kind Expected(Context context, Property property) => (context, property) switch
    {
        (Context.Root, Property.Created) => Kind.Number,
        (Context.Root, Property.Data) => Kind.Array,
        (Context.Root, Property.Size or Property.Quality or Property.OutputFormat or Property.Background or Property.SafetyIdentifier) => Kind.String,
        (Context.Root, Property.Usage or Property.SvgUsage) => Kind.Object,
        (Context.Root, Property.Error) => Kind.NullOnly,
        (Context.DataItem, Property.B64Json or Property.Url or Property.RevisedPrompt) => Kind.String,
        (Context.DataItem, Property.ContentFilterResults or Property.PromptFilterResults) => Kind.Object,
        (Context.Usage, Property.InputTokens or Property.OutputTokens or Property.TotalTokens) => Kind.Number,
        (Context.Usage, Property.InputTokensDetails or Property.OutputTokensDetails) => Kind.Object,
        (Context.InputDetails or Context.OutputDetails, Property.TextTokens or Property.ImageTokens) => Kind.Number,
        (Context.SvgUsage, Property.InputTokens or Property.OutputTokens or Property.ReasoningTokens or Property.TotalTokens) => Kind.Number,
        (Context.SvgUsage, Property.Model) => Kind.String,
        _ => Kind.Any,
    };

    private static bool Matches(Kind kind, JsonTokenType token) => kind switch
    {
        Kind.String => token == JsonTokenType.String,
        Kind.Number => token == JsonTokenType.Number,
        Kind.Object => token == JsonTokenType.StartObject,
        Kind.Array => token == JsonTokenType.StartArray,
        _ => false,
    };

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

        if (next == Context.Usage)
        {
            _hasUsage = true;
        }
        else if (next == Context.SvgUsage)
        {
            _svgUsage ??= new int[4];
        }
        else if (next == Context.Filters)
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
            throw new JsonException($"{Where(context)}{FieldName(_property)} is not valid Unicode text.", ex);
        }

        switch (context, _property)
        {
            case (Context.Root, Property.Size):
                _size = value;
                break;
            case (Context.Root, Property.Quality):
                _quality = value;
                break;
            case (Context.Root, Property.OutputFormat):
                _outputFormat = value;
                break;
            case (Context.Root, Property.Background):
                _background = value;
                break;
            case (Context.Root, Property.SafetyIdentifier):
                _safetyIdentifier = value;
                break;
            case (Context.SvgUsage, Property.Model):
                _svgModel = value;
                break;
            case (Context.DataItem, Property.Url):
                _image!.Url = ImageUrl(value, _images.Count);
                break;
            case (Context.DataItem, Property.RevisedPrompt):
                _image!.RevisedPrompt = value;
                break;

            default:
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

    // Only absolute http(s) URLs: the SDK never fetches file:// or any other scheme a server might send.
    private static Uri ImageUrl(string text, int index)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url))
        {
            throw new JsonException($"Image {index}'s url is not an absolute URL.");
        }

        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            throw new JsonException($"Image {index}'s url has the scheme '{url.Scheme}'; only http and https images are downloaded.");
        }

        return url;
    }

    private void ReadNumber(ref Utf8JsonReader json, Context context)
    {
        if (context == Context.Root)
        {
            if (!json.TryGetInt64(out long seconds) || seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
            {
                throw new JsonException("created is not a time in whole Unix seconds.");
            }

            _created = seconds;
            return;
        }

        if (!json.TryGetInt32(out int value) || value < 0)
        {
            throw new JsonException($"{Where(context)}{FieldName(_property)} is not a token count (a whole number from 0 to {int.MaxValue}).");
        }

        switch (context, _property)
        {
            case (Context.Usage, Property.InputTokens):
                _inputTokens = value;
                break;
            case (Context.Usage, Property.OutputTokens):
                _outputTokens = value;
                break;
            case (Context.Usage, _):
                _totalTokens = value;
                break;
            case (Context.InputDetails, _):
                (_inputDetails ??= new int[2])[_property == Property.TextTokens ? 0 : 1] = value;
                break;
            case (Context.OutputDetails, _):
                (_outputDetails ??= new int[2])[_property == Property.TextTokens ? 0 : 1] = value;
                break;
            default:
                _svgUsage![_property switch { Property.InputTokens => 0, Property.OutputTokens => 1, Property.ReasoningTokens => 2, _ => 3 }] = value;
                break;
        }
    }

    private string Where(Context context) => context switch
    {
        Context.DataItem => $"Image {_images.Count}'s ",
        Context.Usage => "usage.",
        Context.InputDetails => "usage.input_tokens_details.",
        Context.OutputDetails => "usage.output_tokens_details.",
        Context.SvgUsage => "svg_usage.",
        _ => string.Empty,
    };

    private static string FieldName(Property property) => property switch
    {
        Property.Created => "created",
        Property.Data => "data",
        Property.Size => "size",
        Property.Quality => "quality",
        Property.OutputFormat => "output_format",
        Property.Background => "background",
        Property.Usage => "usage",
        Property.B64Json => "b64_json",
        Property.Url => "url",
        Property.RevisedPrompt => "revised_prompt",
        Property.InputTokens => "input_tokens",
        Property.OutputTokens => "output_tokens",
        Property.TotalTokens => "total_tokens",
        Property.InputTokensDetails => "input_tokens_details",
        Property.OutputTokensDetails => "output_tokens_details",
        Property.TextTokens => "text_tokens",
        Property.ImageTokens => "image_tokens",
        Property.SafetyIdentifier => "safety_identifier",
        Property.SvgUsage => "svg_usage",
        Property.ReasoningTokens => "reasoning_tokens",
        Property.Model => "model",
        Property.Error => "error",
        Property.ContentFilterResults => "content_filter_results",
        Property.PromptFilterResults => "prompt_filter_results",
        _ => "a field",
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    private static string Describe(Kind kind) => kind switch
    {
        Kind.String => "a string",
        Kind.Number => "a number",
        Kind.Object => "an object",
        _ => "an array",
    };

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
            : json.ValueTextEquals("error"u8) ? Property.Error
            : json.ValueTextEquals("content_filter_results"u8) ? Property.ContentFilterResults
            : json.ValueTextEquals("prompt_filter_results"u8) ? Property.PromptFilterResults
            : json.ValueTextEquals("filtered"u8) ? Property.Filtered
            : json.ValueTextEquals("severity"u8) ? Property.Severity
            : json.ValueTextEquals("detected"u8) ? Property.Detected
            : Property.Other;
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

    // Response enums are read as open strings; only text a value type cannot hold is dropped.
    private static string? OpenString(string? value) =>
        string.IsNullOrEmpty(value) || value!.Trim().Length != value.Length ? null : value;

    /// <summary>The objects the parser is inside, 4 bits a level in one number (the deepest is 5 levels: a filter category of an image).</summary>
    private struct ContextStack
    {
        private ulong _bits;

        public int Count { get; private set; }

        public readonly Context Peek() => (Context)(_bits & 0xF);

        public void Push(Context context)
        {
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
}

/// <summary>One image object of a response as read: whether its base64 arrived (and its bytes when kept in memory), its URL and prompt.</summary>
internal sealed class ParsedImage
{
    public bool HasBase64 { get; set; }

    public byte[]? Bytes { get; set; }

    public Uri? Url { get; set; }

    public string? RevisedPrompt { get; set; }

    public IReadOnlyDictionary<string, ImageContentFilterResult>? ContentFilterResults { get; set; }

    public IReadOnlyDictionary<string, ImageContentFilterResult>? PromptFilterResults { get; set; }
}
