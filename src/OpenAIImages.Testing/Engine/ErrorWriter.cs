using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenAIImages.Testing.Engine;

/// <summary>Writes OpenAI's error shape, <c>{"error":{"message","type","param","code"}}</c> with all four keys always present, and Azure OpenAI's own ones.</summary>
internal static class ErrorWriter
{
    public static EngineResponse Create(int status, string message, string type, string? param, string? code)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        // Quotes stay as they are ("Invalid value: 'x'"), as in the live bodies; the body is JSON for clients, never HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            WriteNullable(writer, "param", param);
            WriteNullable(writer, "code", code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new EngineResponse(status, "application/json", buffer.WrittenSpan.ToArray());
    }

    public static EngineResponse Create(ApiErrorException error) => error.AzureShape
        ? Azure(error.Status, error.Code ?? error.Status.ToString(CultureInfo.InvariantCulture), error.Message)
        : Create(error.Status, error.Message, error.Type, error.Param, error.Code);

    /// <summary>Writes Azure's shape for what its gateway answers itself: <c>{"error":{"code","message"}}</c>, the code often the status as text.</summary>
    public static EngineResponse Azure(int status, string code, string message) => Write(status, writer =>
    {
        writer.WriteString("code", code);
        writer.WriteString("message", message);
    });

    public static EngineResponse Create(EmulatedFault fault)
    {
        if (fault.Kind == FaultKind.ContentFilter)
        {
            return ContentFilter(fault);
        }

        EngineResponse response = Create(fault.StatusCode, fault.Message ?? string.Empty, fault.ErrorType ?? "invalid_request_error", null, fault.ErrorCode);
        if (fault.RetryAfter is { } retryAfter)
        {
            long seconds = (long)System.Math.Ceiling(retryAfter.TotalSeconds);
            response.Headers.Add(new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture)));
        }

        return response;
    }

    /// <summary>Writes Azure's content filter refusal, with the verdict per category in <c>inner_error</c>.</summary>
    private static EngineResponse ContentFilter(EmulatedFault fault) => Write(fault.StatusCode, writer =>
    {
        writer.WriteString("code", fault.ErrorCode);
        writer.WriteString("message", fault.Message);
        writer.WriteString("param", "prompt");
        writer.WriteNull("type");
        writer.WriteStartObject("inner_error");
        writer.WriteString("code", "ResponsibleAIPolicyViolation");
        ContentFilterWriter.WriteRefusal(writer, fault.FilteredCategory!, fault.Severity!);
        writer.WriteEndObject();
    });

    private static EngineResponse Write(int status, System.Action<Utf8JsonWriter> writeError)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writeError(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new EngineResponse(status, "application/json", buffer.WrittenSpan.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
