using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenAIImages.Testing.Recording;

/// <summary>What a recording must never hold: the request's key or token, its URL password and secret query values, and anything shaped like an OpenAI key.</summary>
internal sealed partial class Secrets
{
    private const string Mask = "***";
    private static readonly string[] SecretQueryNames = ["key", "token", "sig", "secret", "password"];

    private readonly List<string> _values;

    private Secrets(List<string> values)
    {
        // Longest first, so a token is not half-replaced by a shorter secret inside it.
        _values = values.Where(v => v.Length >= 4).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToList();
    }

    public static Secrets Of(HttpRequestMessage request)
    {
        var values = new List<string>();
        foreach (string name in new[] { "Authorization", "api-key", "Proxy-Authorization", "Cookie" })
        {
            if (request.Headers.TryGetValues(name, out IEnumerable<string>? headerValues))
            {
                foreach (string value in headerValues)
                {
                    values.Add(value.Trim());
                    int space = value.Trim().IndexOf(' ', StringComparison.Ordinal);
                    if (space > 0)
                    {
                        values.Add(value.Trim()[(space + 1)..].Trim());
                    }
                }
            }
        }

        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            if (uri.UserInfo.Length > 0)
            {
                values.Add(Uri.UnescapeDataString(uri.UserInfo));
                values.AddRange(uri.UserInfo.Split(':').Skip(1).Select(Uri.UnescapeDataString));
            }

            foreach ((string name, string value) in Query(uri))
            {
                if (IsSecretName(name))
                {
                    values.Add(value);
                }
            }
        }

        return new Secrets(values);
    }

    /// <summary>Gets the URL as recorded: no user info, secret query values masked.</summary>
    public static string Url(Uri uri)
    {
        var text = new StringBuilder(uri.GetLeftPart(UriPartial.Path).Replace(uri.UserInfo + "@", string.Empty, StringComparison.Ordinal));
        char separator = '?';
        foreach ((string name, string value) in Query(uri))
        {
            text.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(IsSecretName(name) ? Mask : Uri.EscapeDataString(value));
            separator = '&';
        }

        return text.ToString();
    }

    public static bool IsSecretName(string name) =>
        SecretQueryNames.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<(string Name, string Value)> Query(Uri uri)
    {
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            yield return (name, value);
        }
    }

    /// <summary>Replaces every secret of the request, and any <c>sk-…</c> key, with <c>***</c>.</summary>
    public string Scrub(string text)
    {
        foreach (string secret in _values)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return OpenAIKey().Replace(text, "sk-" + Mask);
    }

    [GeneratedRegex(@"sk-[A-Za-z0-9_\-]{16,}")]
    private static partial Regex OpenAIKey();
}
