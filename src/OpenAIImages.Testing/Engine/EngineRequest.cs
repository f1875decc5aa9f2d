using System;
using System.Collections.Generic;
using System.IO;

namespace OpenAIImages.Testing.Engine;

/// <summary>A request as both transports hand it to <see cref="EmulatorEngine"/>: headers read, the body still arriving.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path without query.</param>
/// <param name="Query">The query string with its leading <c>?</c>, or empty.</param>
/// <param name="Origin">Scheme and authority the client used, for example <c>http://localhost</c>; image URLs are built on it.</param>
/// <param name="Headers">Request and content headers; repeated values joined with ", ".</param>
/// <param name="Body">The request body, read once and forward only as it arrives (an upload may be up to 1 GB); empty when none.</param>
internal sealed record EngineRequest(
    string Method,
    string Path,
    string Query,
    string Origin,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Stream Body)
{
    /// <summary>Gets the first header of that name (case-insensitive), or <see langword="null"/>.</summary>
    public string? Header(string name)
    {
        foreach ((string key, string value) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
