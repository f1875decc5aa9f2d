using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenAIImages.Testing.Recording;

/// <summary>One recording file: the request as matched (no headers, no secrets) and the answer (status, headers, body).</summary>
internal static class RecordedExchange
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Headers that are the transport's business or could identify the account; the rest (request ids, rate limits, Retry-After, timings) are kept.
    private static readonly string[] DroppedHeaders =
        ["Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Set-Cookie", "openai-organization", "openai-project", "Date", "Server"];

    public static void Write(string path, HttpRequestMessage request, RequestKey key, HttpResponseMessage response, byte[] body, Secrets secrets)
    {
        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("request");
            writer.WriteString("method", key.Method);
            writer.WriteString("url", secrets.Scrub(request.RequestUri is { IsAbsoluteUri: true } uri ? Secrets.Url(uri) : key.Path));
            writer.WriteStartObject("fields");
            foreach ((string name, string value) in key.Fields)
            {
                writer.WriteString(name, secrets.Scrub(value));
            }

            writer.WriteEndObject();
            writer.WriteStartArray("files");
            foreach (string file in key.Files)
            {
                writer.WriteStringValue(file);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();

            writer.WriteStartObject("response");
            writer.WriteNumber("status", (int)response.StatusCode);
            writer.WriteStartObject("headers");
            foreach ((string name, IEnumerable<string> values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!DroppedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) && !Secrets.IsSecretName(name) && !name.Contains("auth", StringComparison.OrdinalIgnoreCase))
                {
                    writer.WriteString(name, secrets.Scrub(string.Join(", ", values)));
                }
            }

            writer.WriteEndObject();
            if (Text(body) is { } text)
            {
                writer.WriteString("body", secrets.Scrub(text));
            }
            else
            {
                writer.WriteBase64String("bodyBase64", body);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, output.ToArray());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Builds the recorded answer to <paramref name="request"/>.</summary>
    /// <exception cref="RecordingNotFoundException">The file is not a recording this handler wrote.</exception>
    public static HttpResponseMessage Read(string path, HttpRequestMessage request)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement answer = document.RootElement.GetProperty("response");
            byte[] body = answer.TryGetProperty("body", out JsonElement text)
                ? Encoding.UTF8.GetBytes(text.GetString() ?? string.Empty)
                : answer.GetProperty("bodyBase64").GetBytesFromBase64();
            var response = new HttpResponseMessage((HttpStatusCode)answer.GetProperty("status").GetInt32())
            {
                RequestMessage = request,
                Content = new ByteArrayContent(body),
            };
            foreach (JsonProperty header in answer.GetProperty("headers").EnumerateObject())
            {
                string value = header.Value.GetString() ?? string.Empty;
                if (!response.Headers.TryAddWithoutValidation(header.Name, value))
                {
                    response.Content.Headers.TryAddWithoutValidation(header.Name, value);
                }
            }

            return response;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RecordingNotFoundException($"'{path}' is not a readable recording: {ex.Message} Delete it and record again.", ex) { ExpectedFile = path };
        }
    }

    private static string? Text(byte[] body)
    {
        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
