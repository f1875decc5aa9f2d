using System.Globalization;
using System.Text.Json;
using OpenAIImages.Testing.Engine;

namespace OpenAIImages.Testing.Rules;

/// <summary>Reads typed field values from JSON or multipart text the way the service does; a wrong type is a 400 <c>invalid_type</c>.</summary>
internal sealed class FieldReader
{
    private readonly RequestBody _body;

    public FieldReader(RequestBody body)
    {
        _body = body;
    }

    /// <summary>Gets whether the field was sent with a non-null value.</summary>
    public bool Has(string name) => _body.Fields.TryGetValue(name, out BodyValue? value) && value.JsonKind != JsonValueKind.Null;

    public string? String(string name)
    {
        if (!TryGet(name, out BodyValue? value))
        {
            return null;
        }

        if (value.JsonKind is null or JsonValueKind.String)
        {
            return value.Text;
        }

        throw WrongType(name, "a string", value);
    }

    public int? Integer(string name)
    {
        if (!TryGet(name, out BodyValue? value))
        {
            return null;
        }

        if (value.JsonKind is null or JsonValueKind.Number
            && int.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
        {
            return number;
        }

        throw WrongType(name, "an integer", value);
    }

    public bool? Boolean(string name)
    {
        if (!TryGet(name, out BodyValue? value))
        {
            return null;
        }

        return value switch
        {
            { JsonKind: JsonValueKind.True } or { JsonKind: null, Text: "true" } => true,
            { JsonKind: JsonValueKind.False } or { JsonKind: null, Text: "false" } => false,
            _ => throw WrongType(name, "a boolean (true or false)", value),
        };
    }

    private bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BodyValue? value) =>
        _body.Fields.TryGetValue(name, out value) && value.JsonKind != JsonValueKind.Null;

    private static ApiErrorException WrongType(string name, string expected, BodyValue value)
    {
        string got = value.JsonKind switch
        {
            null => $"the text '{value.Text}'",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => "another type",
        };
        return ApiErrorException.Invalid(name, "invalid_type", $"Invalid type for '{name}': expected {expected}, but got {got} instead.");
    }
}
