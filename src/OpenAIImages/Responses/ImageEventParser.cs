using System;
using System.Collections.Generic;
using System.Text.Json;
using OpenAIImages.Errors;

namespace OpenAIImages.Responses;

/// <summary>One event's JSON to an <see cref="ImageStreamEvent"/>: a partial image, the completed image, an error, or (unknown) nothing.</summary>
/// <remarks>
/// Known fields must have their documented JSON type (null reads as absent), numbers must fit, text must be valid
/// Unicode, and a partial or completed event must carry a non-empty base64 <c>b64_json</c>; else an
/// <see cref="ImagesStreamException"/>. Azure OpenAI's <c>content_filter_results</c> and <c>prompt_filter_results</c>,
/// when an event carries them, go on its image as in a JSON answer.
/// </remarks>
internal static class ImageEventParser
{
    // The range DateTimeOffset.FromUnixTimeSeconds accepts.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>Reads one event's data.</summary>
    /// <param name="json">The event's data, its <c>data:</c> lines joined.</param>
    /// <param name="eventType">The event's <c>event:</c> field, if it had one.</param>
    /// <param name="requestId">For error details.</param>
    /// <param name="redact">Applied to every server-sent text that goes into an exception.</param>
    /// <returns>The event, or null for an event of a type this SDK does not know.</returns>
    /// <exception cref="ImagesStreamException">The event is malformed or reports an error.</exception>
    public static ImageStreamEvent? Parse(ReadOnlyMemory<byte> json, string? eventType, string? requestId, Func<string, string> redact)
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

            try
            {
                return Read(root, eventType, requestId, redact);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or JsonException)
            {
                throw Error("An event in the stream is malformed: " + ex.Message, requestId, ex);
            }
        }
    }

    /// <summary>An <see cref="ImagesStreamException"/> of the SDK's own making (the status of a started stream is 200).</summary>
    public static ImagesStreamException Error(string message, string? requestId, Exception? inner) =>
        new(message, new ImagesApiErrorDetails(200, null, null, null, message, requestId, null), inner);

    private static ImageStreamEvent? Read(JsonElement root, string? eventType, string? requestId, Func<string, string> redact)
    {
        if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind != JsonValueKind.Null)
        {
            throw ErrorEvent(error, requestId, redact);
        }

        string? type = Text(root, "type") ?? eventType;
        bool partial = type is not null && type.EndsWith(".partial_image", StringComparison.Ordinal);
        bool completed = type is not null && type.EndsWith(".completed", StringComparison.Ordinal);
        if (!partial && !completed)
        {
            return null; // a type this SDK does not know yet: skipped
        }

        if (!root.TryGetProperty("b64_json", out JsonElement b64) || b64.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"The {type} event has no b64_json string.");
        }

        if (!JsonBase64.TryDecode(b64, out byte[]? bytes) || bytes.Length == 0)
        {
            throw new FormatException($"The {type} event's b64_json is not valid base64.");
        }

        ImageOutputFormat? format = OpenText(root, "output_format") is { } f ? new ImageOutputFormat(f) : (ImageOutputFormat?)null;
        DateTimeOffset createdAt = Number(root, "created_at", MinUnixSeconds, MaxUnixSeconds) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : default(DateTimeOffset);
        ImageSize? size = OpenText(root, "size") is { } s ? new ImageSize(s) : (ImageSize?)null;
        ImageQuality? quality = OpenText(root, "quality") is { } q ? new ImageQuality(q) : (ImageQuality?)null;
        ImageBackground? background = OpenText(root, "background") is { } bg ? new ImageBackground(bg) : (ImageBackground?)null;
        IReadOnlyDictionary<string, ImageContentFilterResult>? contentFilters = Filters(root, "content_filter_results");
        IReadOnlyDictionary<string, ImageContentFilterResult>? promptFilters = Filters(root, "prompt_filter_results");

        if (partial)
        {
            int index = (int)(Number(root, "partial_image_index", 0, int.MaxValue) ?? 0);
            var image = new GeneratedImage(index, bytes, null, null, format, null, null, contentFilters, promptFilters);
            return new ImagePartialEvent(type!, image, createdAt, size, quality, background, format, index);
        }

        var final = new GeneratedImage(0, bytes, null, null, format, null, null, contentFilters, promptFilters);
        return new ImageCompletedEvent(type!, final, createdAt, size, quality, background, format, Usage(root), Text(root, "safety_identifier"));
    }

    private static ImagesStreamException ErrorEvent(JsonElement error, string? requestId, Func<string, string> redact)
    {
        string? Field(string name) =>
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out JsonElement value) && value.ValueKind is not JsonValueKind.Null
                ? redact(value.ValueKind == JsonValueKind.String ? SafeString(value) : value.GetRawText())
                : null;

        string message = (error.ValueKind == JsonValueKind.String ? redact(SafeString(error)) : Field("message")) ?? "unknown error";
        return new ImagesStreamException(
            "The event stream reported an error: " + message,
            new ImagesApiErrorDetails(200, Field("type"), Field("code"), Field("param"), message, requestId, null));
    }

    // An error's text is shown even when it is not valid Unicode: the invalid parts replaced.
    private static string SafeString(JsonElement value)
    {
        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText();
        }
    }

    private static ImageUsage? Usage(JsonElement root)
    {
        if (Member(root, "usage", JsonValueKind.Object) is not { } usage)
        {
            return null;
        }

        return new ImageUsage(Count(usage, "input_tokens"), Count(usage, "output_tokens"), Count(usage, "total_tokens"), Details(usage, "input_tokens_details"), Details(usage, "output_tokens_details"));
    }

    private static IReadOnlyDictionary<string, ImageContentFilterResult>? Filters(JsonElement root, string name) =>
        Member(root, name, JsonValueKind.Object) is { } results ? ContentFilterReader.Read(results) : null;

    private static ImageTokenDetails? Details(JsonElement usage, string name) =>
        Member(usage, name, JsonValueKind.Object) is { } details ? new ImageTokenDetails(Count(details, "text_tokens"), Count(details, "image_tokens")) : null;

    private static int Count(JsonElement element, string name) => (int)(Number(element, name, 0, int.MaxValue) ?? 0);

    private static long? Number(JsonElement element, string name, long min, long max)
    {
        if (Member(element, name, JsonValueKind.Number) is not { } value)
        {
            return null;
        }

        return value.TryGetInt64(out long number) && number >= min && number <= max
            ? number
            : throw new FormatException($"{name} is not a whole number from {min} to {max}.");
    }

    // The member of the given kind; null when absent or null; a FormatException when of another kind.
    private static JsonElement? Member(JsonElement element, string name, JsonValueKind kind)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw new FormatException($"{name} is {value.ValueKind}, not {kind}.");
    }

    private static string? Text(JsonElement element, string name) => Member(element, name, JsonValueKind.String)?.GetString();

    // Response enums are open strings; only text a value type cannot hold is dropped.
    private static string? OpenText(JsonElement element, string name) =>
        Text(element, name) is { Length: > 0 } text && text.Trim().Length == text.Length ? text : null;
}
