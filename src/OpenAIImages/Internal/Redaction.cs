using System;
using System.Text.RegularExpressions;

namespace OpenAIImages.Internal;

/// <summary>Keeps secrets out of everything the SDK writes: exception messages, log lines, <c>ToString()</c>.</summary>
/// <remarks>
/// Whatever a server sends back (an error body, a header, a reason phrase, an event) may echo the key it was sent, so
/// all of it goes through <see cref="Text"/> before it reaches a message. URLs go through <see cref="Url"/>, which drops
/// the user info (a password) and the query (a signature, as on Azure blob links).
/// </remarks>
internal static class Redaction
{
    /// <summary>What a removed secret is replaced by.</summary>
    public const string Mask = "***";

    // Anything shaped like an OpenAI secret key, a bearer token or an Azure api-key header, in case a server echoes one.
    private static readonly Regex SecretPattern = new(
        @"sk-[A-Za-z0-9_\-]{6,}|(?<=\bBearer\s+)[A-Za-z0-9\-._~+/]{8,}=*|(?<=\bapi-key[""']?\s*[:=]\s*[""']?)[A-Za-z0-9]{16,}",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        TimeSpan.FromSeconds(1));

    // user:password@ in any URL written into text.
    private static readonly Regex UserInfoPattern = new(@"(?<=://)[^/@\s:]+:[^/@\s]*@", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Removes <paramref name="secret"/>, anything shaped like a key or bearer token, and URL passwords from <paramref name="text"/>.</summary>
    /// <remarks>A second known secret (<paramref name="otherSecret"/>: the key a provider gave last) is masked in the same pass of the patterns.</remarks>
    public static string Text(string text, string? secret, string? otherSecret = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = Without(text, secret);
        text = Without(text, otherSecret);
        text = SecretPattern.Replace(text, Mask);
        return UserInfoPattern.Replace(text, Mask + "@");
    }

    private static string Without(string text, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return text;
        }

#if NET
        return text.Replace(secret!, Mask, StringComparison.Ordinal);
#else
        return text.Replace(secret, Mask);
#endif
    }

    /// <summary>Describes a URL for a message: scheme, host, port and path, never user info or query.</summary>
    public static string Url(Uri? uri)
    {
        if (uri is null)
        {
            return "(none)";
        }

        if (!uri.IsAbsoluteUri)
        {
            return Text(uri.OriginalString, null);
        }

        string port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return uri.Scheme + "://" + uri.Host + port + uri.AbsolutePath;
    }
}
