using System.Net.Http.Headers;
#if !NET
using System.Collections.Generic;
#endif

namespace OpenAIImages.Internal;

/// <summary>Reads a header's first value as the server sent it.</summary>
internal static class HeaderText
{
    /// <summary>Gets the first value of <paramref name="name"/>, or null when the header is absent.</summary>
    /// <remarks>On .NET the unvalidated view is read: no parse of the stored values and no enumerator allocated, which every call's request-id and rate-limit lookups would otherwise pay.</remarks>
    public static string? First(HttpHeaders headers, string name)
    {
#if NET
        if (headers.NonValidated.TryGetValues(name, out HeaderStringValues values))
        {
            foreach (string value in values)
            {
                return value;
            }
        }
#else
        if (headers.TryGetValues(name, out IEnumerable<string>? values))
        {
            foreach (string value in values)
            {
                return value;
            }
        }
#endif
        return null;
    }
}
