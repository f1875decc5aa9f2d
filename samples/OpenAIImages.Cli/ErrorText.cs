using System;
using System.Linq;

namespace OpenAIImages.Cli;

/// <summary>Turns the errors a user can cause or meet into one readable line each, never a stack trace.</summary>
internal static class ErrorText
{
    public static string Describe(Exception exception) => exception switch
    {
        // The SDK's own message lists several problems on separate lines; a one-line tool output joins them.
        ImageValidationException validation => validation.Errors.Count == 1
            ? OneLine(validation.Message)
            : "The request was not sent: " + string.Join("; ", validation.Errors.Select(e => OneLine(e.Message))) + ".",

        // .NET's message names the host and port, for example "Connection refused (127.0.0.1:1)".
        ImagesConnectionException { InnerException: { } cause } => "Could not reach the server: " + OneLine(cause.Message),

        // Every other ImagesException's message is already one readable sentence without secrets: status, code, server message.
        _ => OneLine(exception.Message),
    };

    /// <summary>The text as one line a terminal shows as it is: line breaks joined, and every control character (escape sequences, C1 codes, bidirectional overrides) shown as <c>?</c>.</summary>
    public static string OneLine(string text) =>
        Printable(string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));

    /// <summary>The text with every character a terminal would act on, not show, replaced by <c>?</c>: what a prompt or a server writes never moves the cursor, clears the screen or sets the title.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(IsControl))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    // C0 and C1 controls (ESC starts a sequence, CSI is U+009B), DEL, the bidirectional overrides and isolates (which reorder
    // what follows on the line), and lone surrogates (a terminal shows them as it likes).
    private static bool IsControl(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' || char.IsSurrogate(c);
}
