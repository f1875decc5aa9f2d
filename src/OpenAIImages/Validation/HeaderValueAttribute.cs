using System;
using System.ComponentModel.DataAnnotations;

namespace OpenAIImages.Validation;

/// <summary>Text sent in a header or a URL unparsed: no line break or other control character, which would let the value inject headers of its own.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HeaderValueAttribute : ValidationAttribute
{
    public HeaderValueAttribute()
        : base("{0} must not contain a line break or another control character.")
    {
    }

    public override bool IsValid(object? value) => value is not string text || !HasControlCharacters(text);

    /// <summary>Whether a value has a character that must never be written raw (CR, LF or another control character).</summary>
    internal static bool HasControlCharacters(string value)
    {
        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
