using System;
using System.Text;
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

    /// <summary>Gets whether <see cref="ParseHead"/> stopped at the body (whose start is <see cref="Body"/>'s): the rest of the line can be streamed.</summary>
    public bool StoppedAtBody { get; private set; }

    /// <exception cref="JsonException">The line is not a JSON object of that shape.</exception>
    public static BatchOutputLine Parse(ReadOnlySpan<byte> line)
    {
        var result = new BatchOutputLine();
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        try
        {
            result.ReadLine(ref reader, head: false);
        }
        catch (InvalidOperationException ex)
        {
            // A property name the reader cannot compare (invalid UTF-8, a lone surrogate): the line is not what the API writes.
            throw new JsonException(ex.Message, ex);
        }

        return result;
    }

    /// <summary>
    /// Reads the first bytes of a line too long to hold, up to its answer's body: the body can then be streamed when it
    /// is an object, the line's id and status came before it, and nothing long did (<see cref="StoppedAtBody"/>).
    /// </summary>
    public static BatchOutputLine ParseHead(ReadOnlySpan<byte> start)
    {
        var result = new BatchOutputLine();
        var reader = new Utf8JsonReader(start, isFinalBlock: false, state: default);
        try
        {
            result.ReadLine(ref reader, head: true);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            result.StoppedAtBody = false;
        }

        result.StoppedAtBody &= result.CustomId is not null && result.Status != 0;
        return result;
    }

    /// <summary>Text of a string token; one the reader cannot decode (invalid UTF-8, a lone surrogate) is kept with replacement characters, not refused.</summary>
    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
        }
    }

    private void ReadLine(ref Utf8JsonReader reader, bool head)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("custom_id"u8))
            {
                Next(ref reader);
                CustomId = reader.TokenType == JsonTokenType.String ? Text(ref reader) : null;
            }
            else if (reader.ValueTextEquals("response"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadResponse(ref reader, head);
                    if (StoppedAtBody)
                    {
                        return;
                    }
                }
                else
                {
                    Skip(ref reader);
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadError(ref reader);
                }
                else
                {
                    Skip(ref reader);
                }
            }
            else
            {
                Next(ref reader);
                Skip(ref reader);
            }
        }
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
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            ErrorMessage ??= "the answer's body was not OpenAI's error JSON";
        }
    }

    private void ReadResponse(ref Utf8JsonReader reader, bool head)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status_code"u8))
            {
                Next(ref reader);
                Status = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int status) ? status : 0;
            }
            else if (reader.ValueTextEquals("request_id"u8))
            {
                Next(ref reader);
                RequestId = reader.TokenType == JsonTokenType.String ? Text(ref reader) : null;
            }
            else if (reader.ValueTextEquals("body"u8))
            {
                Next(ref reader);
                int start = (int)reader.TokenStartIndex;
                if (head)
                {
                    StoppedAtBody = reader.TokenType == JsonTokenType.StartObject;
                    Body = (start, 0);
                    if (StoppedAtBody)
                    {
                        return;
                    }
                }

                Skip(ref reader);
                Body = (start, (int)reader.BytesConsumed - start);
            }
            else
            {
                Next(ref reader);
                Skip(ref reader);
            }
        }
    }

    private void ReadError(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int name = reader.ValueTextEquals("code"u8) ? 1 : reader.ValueTextEquals("message"u8) ? 2 : reader.ValueTextEquals("type"u8) ? 3 : reader.ValueTextEquals("param"u8) ? 4 : 0;
            Next(ref reader);
            string? value = reader.TokenType == JsonTokenType.String ? Text(ref reader) : null;
            Skip(ref reader);
            switch (name)
            {
                case 1:
                    ErrorCode = value;
                    break;
                case 2:
                    ErrorMessage = value;
                    break;
                case 3:
                    ErrorType = value;
                    break;
                case 4:
                    ErrorParam = value;
                    break;
            }
        }
    }

    // A read that runs out of the bytes at hand (only when reading a line's start) ends the parse as not streamable.
    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The line ends within a value.");
        }
    }

    private static void Skip(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip())
        {
            throw new JsonException("The line ends within a value.");
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
