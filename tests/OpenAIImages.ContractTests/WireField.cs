using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenAIImages.ContractTests;

/// <summary>A field of a request body as it went on the wire: a JSON property or a multipart part.</summary>
/// <param name="Name">The JSON key or the part's name.</param>
/// <param name="Value">The value as text (a JSON string unquoted, a number or boolean as written); for a file, null.</param>
/// <param name="FileName">The file name of a file part; null for text.</param>
public sealed record WireField(string Name, string? Value, string? FileName = null)
{
    /// <summary>Creates a file part.</summary>
    public static WireField File(string name, string fileName) => new(name, null, fileName);

    /// <summary>Gets a short form: <c>name=value</c> or <c>name=&lt;file.png&gt;</c>.</summary>
    public override string ToString() => FileName is null ? $"{Name}={Value}" : $"{Name}=<{FileName}>";

    /// <summary>Lists fields on one line.</summary>
    public static string Describe(IEnumerable<WireField> fields) => string.Join(", ", fields.Select(f => f.ToString()));

    /// <summary>Reads the fields of a JSON or multipart/form-data body.</summary>
    public static IReadOnlyList<WireField> Parse(string? contentType, byte[] body)
    {
        if (contentType is null || body.Length == 0)
        {
            return [];
        }

        var type = MediaTypeHeaderValue.Parse(contentType);
        if (type.MediaType == "application/json")
        {
            using JsonDocument json = JsonDocument.Parse(body);
            return json.RootElement.EnumerateObject()
                .Select(p => new WireField(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()))
                .ToArray();
        }

        if (type.MediaType == "multipart/form-data")
        {
            string boundary = type.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
            return ParseMultipart(body, boundary);
        }

        throw new FormatException($"Unexpected request content type {contentType}.");
    }

    private static WireField[] ParseMultipart(byte[] body, string boundary)
    {
        // Latin-1 maps every byte to one char, so offsets in the text are offsets in the bytes.
        string text = Encoding.Latin1.GetString(body);
        string delimiter = "--" + boundary;
        var fields = new List<WireField>();
        int start = text.IndexOf(delimiter, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FormatException("The multipart body does not contain its boundary.");
        }

        while (true)
        {
            start += delimiter.Length;
            if (string.CompareOrdinal(text, start, "--", 0, 2) == 0)
            {
                return fields.ToArray();
            }

            start += 2; // CRLF after the delimiter
            int headerEnd = text.IndexOf("\r\n\r\n", start, StringComparison.Ordinal);
            int next = text.IndexOf("\r\n" + delimiter, headerEnd, StringComparison.Ordinal);
            if (headerEnd < 0 || next < 0)
            {
                throw new FormatException("The multipart body is cut short.");
            }

            string headers = text[start..headerEnd];
            string disposition = headers.Split("\r\n").Single(h => h.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase));
            string name = Parameter(disposition, "name") ?? throw new FormatException($"A part has no name: {disposition}");
            string? fileName = Parameter(disposition, "filename");
            string value = Encoding.UTF8.GetString(body, headerEnd + 4, next - (headerEnd + 4));
            fields.Add(fileName is null ? new WireField(name, value) : File(name, fileName));
            start = next + 2;
        }
    }

    private static string? Parameter(string disposition, string name)
    {
        foreach (string piece in disposition.Split(';').Skip(1))
        {
            string[] pair = piece.Trim().Split('=', 2);
            if (pair.Length == 2 && pair[0] == name)
            {
                return pair[1].Trim('"');
            }
        }

        return null;
    }
}
