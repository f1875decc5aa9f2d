using System;

namespace OpenAIImages.Batches;

/// <summary>Batch and file ids as one segment of a path: <c>.</c>, <c>..</c> and anything with a slash would change the path, not name an object.</summary>
internal static class BatchIds
{
    /// <summary>An id the caller gave, escaped.</summary>
    /// <exception cref="ArgumentException">It is empty or not an id.</exception>
    public static string Given(string id, string parameter) =>
        IsId(id) ? Uri.EscapeDataString(id.Trim()) : throw new ArgumentException("A batch id is required: not empty, not '.' or '..', and without '/' or '\\'.", parameter);

    /// <summary>An id the service gave, escaped, checked before anything is sent for it.</summary>
    /// <exception cref="ImagesInvalidResponseException">It is not an id.</exception>
    public static string FromService(string id, Func<string, string> redact)
    {
        if (IsId(id))
        {
            return Uri.EscapeDataString(id.Trim());
        }

        string message = $"The batch names the file '{redact(id)}', which is not a file id; nothing was fetched for it.";
        throw new ImagesInvalidResponseException(message, new ImagesApiErrorDetails(200, null, null, null, message, null, null));
    }

    private static bool IsId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id!.Trim() is not ("." or "..") && id.IndexOfAny(['/', '\\']) < 0;
}
