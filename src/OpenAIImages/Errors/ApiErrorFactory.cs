using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Errors;

/// <summary>Turns an error response into the typed exception that fits its status and code.</summary>
internal static class ApiErrorFactory
{
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>Reads the error body (at most 64 KB) and builds the exception; every text the server sent goes through <paramref name="redact"/> first.</summary>
    public static async Task<ImagesApiException> CreateAsync(HttpResponseMessage response, Func<string, string> redact, TimeProvider time, CancellationToken cancellationToken)
    {
        string body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        (string? type, string? code, string? param, string? message, IReadOnlyDictionary<string, ImageContentFilterResult>? filters) = ParseErrorBody(body);
        var details = new ImagesApiErrorDetails(
            status,
            RedactOrNull(type, redact),
            RedactOrNull(code, redact),
            RedactOrNull(param, redact),
            redact(message ?? Summarize(body, response)),
            RedactOrNull(RequestIdOf(response.Headers), redact),
            ReadRetryAfter(response.Headers, time.GetUtcNow()));

        string text = BuildMessage(details, RedactOrNull(response.ReasonPhrase, redact));
        ImagesApiException error = Classify(status, code, text, details, filters);
        error.ServerShouldRetry = HeaderText.First(response.Headers, "x-should-retry") switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        return error;
    }

    // The code says what happened more precisely than the status or the type: the service sends type
    // image_generation_user_error for ordinary validation errors too, so only these codes are refusals.
    private static ImagesApiException Classify(int status, string? code, string text, ImagesApiErrorDetails details, IReadOnlyDictionary<string, ImageContentFilterResult>? filters) => (status, code) switch
    {
        (_, "model_not_found") => new ImagesNotFoundException(text, details),
        (400 or 403 or 422, "moderation_blocked" or "content_policy_violation" or "contentFilter" or "content_filter" or "ResponsibleAIPolicyViolation") => new ImagesContentPolicyException(text, details, filters),
        (400 or 422, _) => new ImagesBadRequestException(text, details),
        (401, _) => new ImagesAuthenticationException(text, details),
        (403, _) => new ImagesPermissionException(text, details),
        (404, _) => new ImagesNotFoundException(text, details),
        (429, _) => new ImagesRateLimitException(text, details),
        ( >= 500, _) => new ImagesServerException(text, details),
        _ => new ImagesApiException(text, details),
    };

    private static string? RedactOrNull(string? text, Func<string, string> redact) => text is null ? null : redact(text);

    /// <summary>The request id: OpenAI's <c>x-request-id</c>, else Azure's <c>apim-request-id</c> or <c>x-ms-request-id</c>.</summary>
    public static string? RequestIdOf(HttpResponseHeaders headers) =>
        HeaderText.First(headers, "x-request-id") ?? HeaderText.First(headers, "apim-request-id") ?? HeaderText.First(headers, "x-ms-request-id");

    /// <summary>Reads <c>retry-after-ms</c>, then <c>Retry-After</c> in seconds or as an HTTP date.</summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (HeaderText.First(headers, "retry-after-ms") is { } ms
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds)
            && milliseconds >= 0 && !double.IsNaN(milliseconds))
        {
            // Anything past what a TimeSpan holds is "longer than any cap": the largest TimeSpan says so without overflowing.
            return milliseconds < TimeSpan.MaxValue.TotalMilliseconds - 1 ? TimeSpan.FromMilliseconds(milliseconds) : TimeSpan.MaxValue;
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                TimeSpan wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static string BuildMessage(ImagesApiErrorDetails details, string? reason)
    {
        var text = new StringBuilder();
        text.Append("The Images API answered ").Append(details.Status.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(reason))
        {
            text.Append(' ').Append(reason);
        }

        text.Append(": ").Append(details.ServerMessage.TrimEnd('.')).Append('.');
        string[] facts = new[]
        {
            details.ErrorType is null ? null : "type " + details.ErrorType,
            details.ErrorCode is null ? null : "code " + details.ErrorCode,
            details.Param is null ? null : "param " + details.Param,
            details.RequestId is null ? null : "request id " + details.RequestId,
            details.RetryAfter is { } wait ? "retry after " + wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : null,
        }.Where(f => f is not null).ToArray()!;
        if (facts.Length > 0)
        {
            text.Append(" (").Append(string.Join(", ", facts)).Append(')');
        }

        return text.ToString();
    }

    private static (string? Type, string? Code, string? Param, string? Message, IReadOnlyDictionary<string, ImageContentFilterResult>? Filters) ParseErrorBody(string body)
    {
        if (body.Length == 0 || body.TrimStart() is not { Length: > 0 } trimmed || trimmed[0] != '{')
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out JsonElement error))
            {
                return (null, null, null, Scalar(document.RootElement, "message"), null);
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return (null, null, null, SafeString(error), null);
            }

            if (error.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            // Azure's refusal carries its filter's verdict in inner_error (innererror in older api-versions).
            // Its code there (ResponsibleAIPolicyViolation) stands in for an outer code the error does not have.
            IReadOnlyDictionary<string, ImageContentFilterResult>? filters = null;
            string? innerCode = null;
            if ((error.TryGetProperty("inner_error", out JsonElement inner) || error.TryGetProperty("innererror", out inner))
                && inner.ValueKind == JsonValueKind.Object)
            {
                innerCode = Scalar(inner, "code");
                if (inner.TryGetProperty("content_filter_results", out JsonElement results))
                {
                    filters = ContentFilterReader.Read(results);
                }
            }

            return (Scalar(error, "type"), Scalar(error, "code") ?? innerCode, Scalar(error, "param"), Scalar(error, "message"), filters);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return default;
        }
    }

    private static string? Scalar(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => SafeString(value) is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    // Server text is shown even when it is not valid Unicode (a lone surrogate escape): then as the raw JSON text.
    private static string SafeString(JsonElement value)
    {
        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText().Trim('"');
        }
    }

    private static string Summarize(string body, HttpResponseMessage response)
    {
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (body.Trim().Length == 0)
        {
            return "the response had an empty body";
        }

        string text = Regex.Replace(body, "<[^>]*>", " ", RegexOptions.None, TimeSpan.FromSeconds(1));
        text = Regex.Replace(text, @"\s+", " ", RegexOptions.None, TimeSpan.FromSeconds(1)).Trim();
        if (text.Length > 200)
        {
            text = text.Substring(0, 200) + "…";
        }

        return $"the response body was not OpenAI's error JSON ({mediaType ?? "no content type"}): {text}";
    }

    // An error body that breaks off or will not decompress still leaves the status to report: read what arrived.
    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxBodyBytes];
        int total = 0;
        try
        {
#if NET
            using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            using Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            while (total < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            // What arrived is all there is.
        }

        // Invalid UTF-8 becomes U+FFFD rather than an exception.
        return new UTF8Encoding(false, false).GetString(buffer, 0, total);
    }
}
