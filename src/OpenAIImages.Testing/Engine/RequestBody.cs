using System;
using System.Collections.Generic;
using System.Text.Json;

namespace OpenAIImages.Testing.Engine;

/// <summary>A request body read into fields and files, for validation and for <see cref="EmulatedRequest"/>; disposing it deletes its files' temporary copies.</summary>
internal sealed class RequestBody : IDisposable
{
    public static readonly RequestBody Empty = new(BodyKind.None);

    public RequestBody(BodyKind kind)
    {
        Kind = kind;
    }

    public BodyKind Kind { get; }

    /// <summary>Gets the fields in the order they were sent; a repeated multipart text field keeps its last value.</summary>
    public Dictionary<string, BodyValue> Fields { get; } = new(System.StringComparer.Ordinal);

    public List<BodyFile> Files { get; } = [];

    /// <summary>Gets or sets the parse error to answer once the request got past faults and authentication.</summary>
    public ApiErrorException? Error { get; set; }

    /// <summary>Gets or sets the parsed JSON document root, kept for array members such as <c>images</c> of a JSON edit.</summary>
    public JsonElement JsonRoot { get; set; }

    public void Dispose()
    {
        foreach (BodyFile file in Files)
        {
            file.Dispose();
        }
    }
}
