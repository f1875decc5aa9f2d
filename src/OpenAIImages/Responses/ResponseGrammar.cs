using System.Text.Json;

namespace OpenAIImages.Responses;

/// <summary>The vocabulary of an <c>ImagesResponse</c> as <see cref="ImagesResponseParser"/> reads it: where it is (the object it is inside), which known field a name is, what JSON type each field must have, and how each is named in messages.</summary>
internal static class ResponseGrammar
{
    /// <summary>The earliest <c>created</c> DateTimeOffset.FromUnixTimeSeconds accepts.</summary>
    public const long MinUnixSeconds = -62_135_596_800;

    /// <summary>The latest <c>created</c> DateTimeOffset.FromUnixTimeSeconds accepts.</summary>
    public const long MaxUnixSeconds = 253_402_300_799;

    public enum Context
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

    public enum Property
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
    public enum Kind
    {
        Any,
        String,
        Number,
        Object,
        Array,
        NullOnly,
    }

    public static Kind Expected(Context context, Property property) => (context, property) switch
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

    public static bool Matches(Kind kind, JsonTokenType token) => kind switch
    {
        Kind.String => token == JsonTokenType.String,
        Kind.Number => token == JsonTokenType.Number,
        Kind.Object => token == JsonTokenType.StartObject,
        Kind.Array => token == JsonTokenType.StartArray,
        _ => false,
    };

    public static string FieldName(Property property) => property switch
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

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    public static string Describe(Kind kind) => kind switch
    {
        Kind.String => "a string",
        Kind.Number => "a number",
        Kind.Object => "an object",
        _ => "an array",
    };

    public static Property NameOf(ref Utf8JsonReader json)
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


    /// <summary>Where a field is, as a message names it: <c>Image 2's </c>, <c>usage.</c>, or nothing at the top.</summary>
    public static string Where(Context context, int imageIndex) => context switch
    {
        Context.DataItem => $"Image {imageIndex}'s ",
        Context.Usage => "usage.",
        Context.InputDetails => "usage.input_tokens_details.",
        Context.OutputDetails => "usage.output_tokens_details.",
        Context.SvgUsage => "svg_usage.",
        _ => string.Empty,
    };
}
