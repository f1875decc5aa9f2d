using System;
using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace OpenAIImages.Responses;

/// <summary>
/// A JSON string's base64 decoded from the document's own bytes into an array of exactly the decoded size: one pass,
/// no intermediate buffer. Strings with escapes go the general way.
/// </summary>
internal static class JsonBase64
{
    /// <summary>Decodes <paramref name="value"/>, a JSON string, as <see cref="JsonElement.TryGetBytesFromBase64"/> does.</summary>
    /// <returns>False when the text is not valid base64.</returns>
    public static bool TryDecode(JsonElement value, [NotNullWhen(true)] out byte[]? bytes)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        ReadOnlySpan<byte> text = raw.Slice(1, raw.Length - 2); // inside the quotes
        if (text.IndexOf((byte)'\\') >= 0 || text.Length % 4 != 0)
        {
            return value.TryGetBytesFromBase64(out bytes);
        }

        int padding = text.Length == 0 ? 0 : text[text.Length - 1] != (byte)'=' ? 0 : text[text.Length - 2] == (byte)'=' ? 2 : 1;
        byte[] decoded = new byte[(text.Length / 4 * 3) - padding];
        OperationStatus status = Base64.DecodeFromUtf8(text, decoded, out int consumed, out int written);
        if (status != OperationStatus.Done || consumed != text.Length)
        {
            return value.TryGetBytesFromBase64(out bytes); // the general way decides, so both accept the same text
        }

        // White space inside the text (which the decoder skips) makes the result shorter than the length promised.
        bytes = written == decoded.Length ? decoded : decoded.AsSpan(0, written).ToArray();
        return true;
    }
}
