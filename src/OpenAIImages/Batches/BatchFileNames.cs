using System;
using System.Collections.Generic;
using System.Text;

namespace OpenAIImages.Batches;

/// <summary>
/// The start of each request's file names, from its <c>custom_id</c>: what a file name on any system can hold, short
/// enough for the folder's temporary names, and never the same for two requests of one read (<c>dup</c>, <c>dup~2</c>),
/// so no result's file is replaced by another's. Names compare ignoring case, as some file systems do.
/// </summary>
internal sealed class BatchFileNames
{
    /// <summary>The most UTF-8 bytes of a prefix, leaving room for the image's index, extension and temporary name in a 255-byte name.</summary>
    private const int MaxPrefixBytes = 96;

    private const string Fallback = "request";

    private static readonly string[] Reserved = ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The prefix for the request <paramref name="customId"/>, taken: no later request of this read gets it.</summary>
    public string Take(string customId)
    {
        string prefix = Sanitize(customId);
        string candidate = prefix;
        for (int n = 2; !_used.Add(candidate); n++)
        {
            candidate = prefix + "~" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static string Sanitize(string customId)
    {
        var name = new StringBuilder(Math.Min(customId.Length, MaxPrefixBytes));
        int bytes = 0;
        for (int i = 0; i < customId.Length; i++)
        {
            char c = customId[i];
            string piece;
            if (char.IsHighSurrogate(c) && i + 1 < customId.Length && char.IsLowSurrogate(customId[i + 1]))
            {
                piece = customId.Substring(i, 2);
                i++;
            }
            else
            {
                piece = IsUnsafe(c) ? "_" : c.ToString();
            }

            bytes += Encoding.UTF8.GetByteCount(piece);
            if (bytes > MaxPrefixBytes)
            {
                break;
            }

            name.Append(piece);
        }

        // No hidden file, no "." or "..", and no trailing dot or space (Windows drops them).
        for (int i = 0; i < name.Length && name[i] == '.'; i++)
        {
            name[i] = '_';
        }

        for (int i = name.Length - 1; i >= 0 && name[i] is '.' or ' '; i--)
        {
            name[i] = '_';
        }

        string result = name.ToString();
        if (result.Trim().Length == 0)
        {
            return Fallback;
        }

        return Array.IndexOf(Reserved, result.Split('.')[0].ToUpperInvariant()) >= 0 ? "_" + result : result;
    }

    private static bool IsUnsafe(char c) =>
        c < ' ' || c == '\u007f' || char.IsSurrogate(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|';
}
