using System;
using System.Collections.Generic;
using System.Text.Json;

namespace OpenAIImages.Responses;

/// <summary>One image object of a response as read: whether its base64 arrived (and its bytes when kept in memory), its URL and prompt.</summary>
internal sealed class ParsedImage
{
    public bool HasBase64 { get; set; }

    public byte[]? Bytes { get; set; }

    public Uri? Url { get; set; }

    public string? RevisedPrompt { get; set; }

    public IReadOnlyDictionary<string, ImageContentFilterResult>? ContentFilterResults { get; set; }

    public IReadOnlyDictionary<string, ImageContentFilterResult>? PromptFilterResults { get; set; }

    // Only absolute http(s) URLs: the SDK never fetches file:// or any other scheme a server might send.
    public static Uri UrlOf(string text, int index)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url))
        {
            throw new JsonException($"Image {index}'s url is not an absolute URL.");
        }

        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            throw new JsonException($"Image {index}'s url has the scheme '{url.Scheme}'; only http and https images are downloaded.");
        }

        return url;
    }
}
