using System;
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

    public static async Task<ImagesApiException> CreateAsync(HttpResponseMessage response, string? apiKey, CancellationToken cancellationToken)
    {
        string body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        (string? type, string? code, string? param, string? message) = ParseErrorBody(body);
        string serverMessage = Redact(message ?? Summarize(body, response), apiKey);
        var details = new ImagesApiErrorDetails(
            status,
            type,
            code,
            param,
            serverMessage,
            FirstHeader(response.Headers, "x-request-id"),
            ReadRetryAfter(response.Headers, DateTimeOffset.UtcNow));

        string text = BuildMessage(details, response.ReasonPhrase);
        ImagesApiException error = (status, code, type) switch
        {
            (_, "model_not_found", _) => new ImagesNotFoundException(text, details),
            (400, "content_policy_violation" or "moderation_blocked", _) => new ImagesContentPolicyException(text, details),
            (400, _, "image_generation_user_error") => new ImagesContentPolicyException(text, details),
            (400 or 422, _, _) => new ImagesBadRequestException(text, details),
            (401, _, _) => new ImagesAuthenticationException(text, details),
            (403, _, _) => new ImagesPermissionException(text, details),
            (404, _, _) => new ImagesNotFoundException(text, details),
            (429, _, _) => new ImagesRateLimitException(text, details),
            ( >= 500, _, _) => new ImagesServerException(text, details),
            _ => new ImagesApiException(text, details),
        };

        error.ServerShouldRetry = FirstHeader(response.Headers, "x-should-retry") switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        return error;
    }

    /// <summary>Reads <c>retry-after-ms</c>, then <c>Retry-After</c> in seconds or as an HTTP date.</summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (FirstHeader(headers, "retry-after-ms") is { } ms
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds)
            && milliseconds >= 0 && !double.IsInfinity(milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
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

    /// <summary>Removes the API key, anything shaped like a key or token, and URL passwords from text that may reach a message or a log.</summary>
    public static string Redact(string text, string? apiKey) => Redaction.Text(text, apiKey);

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

    private static (string? Type, string? Code, string? Param, string? Message) ParseErrorBody(string body)
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
                return (null, null, null, Scalar(document.RootElement, "message"));
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return (null, null, null, error.GetString());
            }

            if (error.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            return (Scalar(error, "type"), Scalar(error, "code"), Scalar(error, "param"), Scalar(error, "message"));
        }
        catch (JsonException)
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
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
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

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
#if NET
        using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        byte[] buffer = new byte[MaxBodyBytes];
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static string? FirstHeader(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
