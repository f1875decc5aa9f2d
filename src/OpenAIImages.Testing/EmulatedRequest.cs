using System.Collections.Generic;

namespace OpenAIImages.Testing;

/// <summary>An API request the emulator received, as recorded in <see cref="ImagesEmulator.Requests"/>.</summary>
/// <remarks>Requests for the emulator's own image URLs (<c>/emulator/images/…</c>) are not recorded.</remarks>
public sealed class EmulatedRequest
{
    internal EmulatedRequest(
        string method,
        string path,
        IReadOnlyDictionary<string, string> headers,
        IReadOnlyDictionary<string, string> fields,
        IReadOnlyList<EmulatedFile> files,
        string query = "")
    {
        Query = query;
        Method = method;
        Path = path;
        Headers = headers;
        Fields = fields;
        Files = files;
    }

    /// <summary>Gets the HTTP method, for example <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the request path without the query, for example <c>/v1/images/generations</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the query string with its leading <c>?</c>, for example <c>?api-version=2024-10-21</c> on Azure's deployment form; empty when there is none.</summary>
    public string Query { get; }

    /// <summary>Gets the request headers (content headers included) by case-insensitive name; repeated values are joined with <c>", "</c>.</summary>
    /// <remarks>The <c>Authorization</c> value is stored redacted: <c>Bearer ***</c>.</remarks>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the body's fields by name: JSON top-level members or multipart text parts.</summary>
    /// <remarks>JSON strings are unescaped; other JSON values (numbers, <c>true</c>, <c>null</c>, arrays) are their raw JSON text. Empty when the body could not be read.</remarks>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>Gets the multipart file parts in the order they were sent.</summary>
    public IReadOnlyList<EmulatedFile> Files { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}";
}
