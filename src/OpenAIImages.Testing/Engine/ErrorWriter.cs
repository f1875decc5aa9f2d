using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenAIImages.Testing.Engine;

/// <summary>Writes OpenAI's error shape: <c>{"error":{"message","type","param","code"}}</c>, all four keys always present.</summary>
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

    public static EngineResponse Create(ApiErrorException error) =>
        Create(error.Status, error.Message, error.Type, error.Param, error.Code);

    public static EngineResponse Create(EmulatedFault fault)
    {
        EngineResponse response = Create(fault.StatusCode, fault.Message ?? string.Empty, fault.ErrorType ?? "invalid_request_error", null, fault.ErrorCode);
        if (fault.Kind == FaultKind.RateLimited)
        {
            long seconds = (long)System.Math.Ceiling(fault.Duration.TotalSeconds);
            response.Headers.Add(new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture)));
        }

        return response;
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
