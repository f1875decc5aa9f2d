using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace OpenAIImages.Responses;

/// <summary>
/// Decodes the base64 text of a JSON string value as it arrives, block by block, without ever holding the whole value:
/// the raw bytes from just after the property's colon up to and including the closing quote.
/// </summary>
/// <remarks>
/// The one base64 decoder of JSON responses, in memory and to files alike, so both accept and reject the same text.
/// Accepted: the base64 alphabet and its padding; white space, raw (a space) or escaped (<c>\n</c>, <c>\r</c>,
/// <c>\t</c>, <c>\u0020</c> and the like), which is skipped, as line-broken base64 has it; <c>\/</c> and
/// <c>\u00XX</c> escapes of ASCII characters; missing padding. Rejected with a <see cref="JsonException"/>: any other
/// character, a raw control character (JSON forbids them in strings), <c>\u0000</c>, escapes of non-ASCII characters,
/// anything after padding, and a lone last character.
/// </remarks>
internal sealed class Base64StringDecoder
{
#if NET
    // What ends a run of plain base64 text: the closing quote, an escape, a space, a control character.
    private static readonly SearchValues<byte> StopBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)' ', (byte)'"', (byte)'\\']);
#endif

    private readonly byte[] _carry = new byte[4];
    private int _carryLength;
    private bool _inString;
    private bool _padded;

    /// <summary>Gets whether the closing quote has been read.</summary>
    public bool Completed { get; private set; }

    /// <summary>Gets whether the value turned out not to be a string (such as <c>null</c>); nothing was consumed.</summary>
    public bool NotAString { get; private set; }

    /// <summary>Reads from <paramref name="input"/> until the value ends, the input runs out or <paramref name="output"/> is nearly full.</summary>
    /// <returns>How many input bytes were used; <paramref name="written"/> says how many bytes were decoded into <paramref name="output"/>.</returns>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output, bool isFinal, out int written)
    {
        written = 0;
        int used = 0;
        while (!_inString)
        {
            if (used == input.Length)
            {
                return used;
            }

            byte c = input[used];
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                used++;
            }
            else if (c == (byte)'"')
            {
                used++;
                _inString = true;
            }
            else
            {
                NotAString = true;
                return used;
            }
        }

        while (used < input.Length && !Completed)
        {
            // Room for one block: a carried quad plus whole quads; flush the output when less is left.
            int room = output.Length - written;
            if (room < 6)
            {
                break;
            }

            ReadOnlySpan<byte> rest = input.Slice(used);
            int stop = IndexOfStop(rest);
            int plain = stop < 0 ? rest.Length : stop;
            if (plain > 0)
            {
                int take = Math.Min(plain, ((room - 3) / 3) * 4);
                Feed(rest.Slice(0, take), output, ref written);
                used += take;
                continue;
            }

            byte c = rest[0];
            if (c == (byte)'"')
            {
                Finish(output, ref written);
                used++;
                Completed = true;
                break;
            }

            if (c == (byte)' ')
            {
                used++;
                continue;
            }

            if (c != (byte)'\\')
            {
                throw Invalid(); // a raw control character
            }

            int escape = Unescape(rest, isFinal, out int value);
            if (escape == 0)
            {
                break; // the escape is split across reads
            }

            if (value >= 0)
            {
                Feed([(byte)value], output, ref written);
            }

            used += escape;
        }

        return used;
    }

    // Where the run of plain base64 text ends: at the quote, an escape, a space or a control character.
    private static int IndexOfStop(ReadOnlySpan<byte> text)
    {
#if NET
        return text.IndexOfAny(StopBytes);
#else
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is <= (byte)' ' or (byte)'"' or (byte)'\\')
            {
                return i;
            }
        }

        return -1;
#endif
    }

    // Returns the escape's length (0: incomplete) and the character it stands for (-1: white space, skipped).
    private static int Unescape(ReadOnlySpan<byte> rest, bool isFinal, out int value)
    {
        value = -1;
        int needed = rest.Length >= 2 && rest[1] == (byte)'u' ? 6 : 2;
        if (rest.Length < needed)
        {
            return isFinal ? throw Invalid() : 0;
        }

        switch (rest[1])
        {
            case (byte)'/':
                value = '/';
                return 2;
            case (byte)'n' or (byte)'r' or (byte)'t':
                return 2;
            case (byte)'u':
                if (!Utf8Parser.TryParse(rest.Slice(2, 4), out ushort code, out int length, 'X') || length != 4 || code is 0 or >= 0x80)
                {
                    throw Invalid();
                }

                value = code is '\n' or '\r' or '\t' or ' ' ? -1 : code;
                return 6;
            default:
                throw Invalid();
        }
    }

    private void Feed(ReadOnlySpan<byte> text, Span<byte> output, ref int written)
    {
        if (_padded && text.Length > 0)
        {
            throw Invalid(); // nothing may follow padding
        }

        int i = 0;
        if (_carryLength > 0)
        {
            while (_carryLength < 4 && i < text.Length)
            {
                _carry[_carryLength++] = text[i++];
            }

            if (_carryLength < 4)
            {
                return;
            }

            DecodeQuads(_carry, output, ref written);
            _carryLength = 0;
        }

        int whole = (text.Length - i) & ~3;
        DecodeQuads(text.Slice(i, whole), output, ref written);
        for (i += whole; i < text.Length; i++)
        {
            _carry[_carryLength++] = text[i];
        }
    }

    private void DecodeQuads(ReadOnlySpan<byte> quads, Span<byte> output, ref int written)
    {
        if (quads.Length == 0)
        {
            return;
        }

        // Padding ends the value; a block ending in '=' is the last one. Whole quads are always decoded as a final block:
        // the System.Memory package that .NET Framework apps load answers NeedMoreData for whole quads that are not,
        // where .NET answers Done, and a final block of whole quads decodes the same bytes on both.
        bool last = quads[quads.Length - 1] == (byte)'=';
        OperationStatus status = Base64.DecodeFromUtf8(quads, output.Slice(written), out int consumed, out int decoded, isFinalBlock: true);
        if (status != OperationStatus.Done || consumed != quads.Length)
        {
            throw Invalid();
        }

        written += decoded;
        _padded = last;
    }

    // The closing quote: what is carried is the last quad, padded if the server left the padding off.
    private void Finish(Span<byte> output, ref int written)
    {
        if (_carryLength == 0)
        {
            return;
        }

        if (_carryLength == 1)
        {
            throw Invalid();
        }

        while (_carryLength < 4)
        {
            _carry[_carryLength++] = (byte)'=';
        }

        DecodeQuads(_carry, output, ref written);
        _carryLength = 0;
    }

    private static JsonException Invalid() => new("b64_json is not valid base64.");
}
