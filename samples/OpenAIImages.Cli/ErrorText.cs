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

    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
