using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Engine;

namespace OpenAIImages.Testing.Recording;

/// <summary>What a request is matched by: method, path, query and its fields (JSON members or multipart parts, files by content), less the ignored ones.</summary>
internal sealed class RequestKey
{
    private RequestKey(string method, string path, SortedDictionary<string, string> fields, List<string> files)
    {
        Method = method;
        Path = path;
        Fields = fields;
        Files = files;
        var canonical = new StringBuilder().Append(method).Append(' ').Append(path).Append('\n');
        foreach ((string name, string value) in fields)
        {
            canonical.Append(name).Append('=').Append(value).Append('\n');
        }

        foreach (string file in files)
        {
            canonical.Append("file:").Append(file).Append('\n');
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..12];
        string slug = new string(path.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        Stem = $"{method.ToLowerInvariant()}-{(slug.Length > 60 ? slug[^60..] : slug)}-{hash}";
    }

    public string Method { get; }

    public string Path { get; }

    /// <summary>Gets the fields matched on, by name: query parameters as <c>?name</c>, JSON strings unquoted, other JSON values as written.</summary>
    public SortedDictionary<string, string> Fields { get; }

    /// <summary>Gets the file parts matched on, as <c>name sha256 length</c>, in the order sent.</summary>
    public List<string> Files { get; }

    /// <summary>Gets the start of the recording file names for this key.</summary>
    public string Stem { get; }

    public static async Task<RequestKey> CreateAsync(HttpRequestMessage request, byte[] body, ISet<string> ignored, CancellationToken cancellationToken)
    {
        Uri uri = request.RequestUri ?? new Uri("/", UriKind.Relative);
        string path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (uri.IsAbsoluteUri)
        {
            foreach ((string name, string value) in Secrets.Query(uri))
            {
                if (!Secrets.IsSecretName(name) && !ignored.Contains(name))
                {
                    fields["?" + name] = value;
                }
            }
        }

        var files = new List<string>();
        if (body.Length > 0)
        {
            string? contentType = request.Content?.Headers.ContentType?.ToString();
            using RequestBody parsed = await BodyReader.ReadAsync(contentType, body, cancellationToken).ConfigureAwait(false);
            if (parsed.Kind is BodyKind.Json or BodyKind.Multipart && parsed.Error is null)
            {
                foreach ((string name, BodyValue value) in parsed.Fields)
                {
                    if (!ignored.Contains(name))
                    {
                        fields[name] = value.Text;
                    }
                }

                foreach (BodyFile file in parsed.Files.Where(f => !ignored.Contains(f.Name)))
                {
                    files.Add($"{file.Name} {Convert.ToHexStringLower(SHA256.HashData(file.Data))} {file.Data.Length.ToString(CultureInfo.InvariantCulture)}");
                }
            }
            else
            {
                files.Add($"body {Convert.ToHexStringLower(SHA256.HashData(body))} {body.Length.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return new RequestKey(request.Method.Method, path, fields, files);
    }

    /// <summary>Describes the request for an error message: method, path and fields (long values cut).</summary>
    public override string ToString()
    {
        string shown = string.Join(", ", Fields.Select(f => $"{f.Key}={(f.Value.Length > 60 ? f.Value[..60] + "…" : f.Value)}"));
        return $"{Method} {Path} {{{shown}}}" + (Files.Count > 0 ? $" with {Files.Count.ToString(CultureInfo.InvariantCulture)} file part(s)" : string.Empty);
    }
}
