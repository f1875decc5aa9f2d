using System;

namespace OpenAIImages.Internal;

/// <summary>Shared checks for the string-backed value types in <c>Models/</c>.</summary>
internal static class ApiValue
{
    public static string Require(string? value, string typeName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value), $"A {typeName} needs a value; null is not one.");
        }

        if (value.Length == 0 || value.Trim().Length != value.Length)
        {
            throw new ArgumentException($"A {typeName} cannot be empty or start or end with white space; got '{value}'.", nameof(value));
        }

        return value;
    }
}
