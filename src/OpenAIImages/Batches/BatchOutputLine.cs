using System;
using System.Text.Json;

namespace OpenAIImages.Batches;

/// <summary>
/// One line of a batch's output or error file, located without copying:
/// <c>{"id","custom_id","response":{"status_code","request_id","body"},"error":{"code","message"}}</c>. The body is
/// kept as a range of the line, for the images response reader to decode.
/// </summary>
internal sealed class BatchOutputLine
{
    public string? CustomId { get; private set; }

    /// <summary>Gets the answer's status, or 0 when the line got none.</summary>
    public int Status { get; private set; }

    public string? RequestId { get; private set; }

    /// <summary>Gets where the answer's body starts in the line, and its length; 0 long when there is none.</summary>
    public (int Start, int Length) Body { get; private set; }

    public string? ErrorCode { get; private set; }

    public string? ErrorMessage { get; private set; }

    public string? ErrorType { get; private set; }

    public string? ErrorParam { get; private set; }

    /// <exception cref="JsonException">The line is not a JSON object of that shape.</exception>
    public static BatchOutputLine Parse(ReadOnlySpan<byte> line)
    {
        var result = new BatchOutputLine();
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("custom_id"u8))
            {
                reader.Read();
                result.CustomId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    result.ReadResponse(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    result.ReadError(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return result;
    }

    /// <summary>Reads an answer's error body, <c>{"error":{"message","type","param","code"}}</c>, into the error fields.</summary>
    public void ReadErrorBody(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, isFinalBlock: true, state: default);
        try
        {
            Expect(ref reader, JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                if (isError && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadError(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            ErrorMessage ??= "the answer's body was not OpenAI's error JSON";
        }
    }

    private void ReadResponse(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status_code"u8))
            {
                reader.Read();
                Status = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int status) ? status : 0;
            }
            else if (reader.ValueTextEquals("request_id"u8))
            {
                reader.Read();
                RequestId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("body"u8))
            {
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                Body = (start, (int)reader.BytesConsumed - start);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadError(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            string? value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
            switch (name)
            {
                case "code":
                    ErrorCode = value;
                    break;
                case "message":
                    ErrorMessage = value;
                    break;
                case "type":
                    ErrorType = value;
                    break;
                case "param":
                    ErrorParam = value;
                    break;
            }
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"A batch output line must be a JSON object; it starts with {reader.TokenType}.");
        }
    }
}
