using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace OpenAIImages.Testing.Engine;

/// <summary>Reads JSON and multipart/form-data bodies without reflection (JsonDocument, WebUtilities' MultipartReader).</summary>
internal static class BodyReader
{
    public static async Task<RequestBody> ReadAsync(string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? mediaType))
        {
            return body.Length == 0 ? RequestBody.Empty : new RequestBody(BodyKind.Other);
        }

        if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ReadJson(body);
        }

        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMultipartAsync(mediaType, body, cancellationToken).ConfigureAwait(false);
        }

        return new RequestBody(BodyKind.Other);
    }

    private static RequestBody ReadJson(byte[] body)
    {
        var result = new RequestBody(BodyKind.Json);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                result.Error = new ApiErrorException(400, "The request body must be a JSON object.", null, "invalid_json");
                return result;
            }

            result.JsonRoot = document.RootElement.Clone();
            foreach (JsonProperty property in result.JsonRoot.EnumerateObject())
            {
                string text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                result.Fields[property.Name] = new BodyValue(property.Value.ValueKind, text);
            }
        }
        catch (JsonException exception)
        {
            result.Error = new ApiErrorException(
                400,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.) " + exception.Message,
                null,
                "invalid_json");
        }

        return result;
    }

    private static async Task<RequestBody> ReadMultipartAsync(MediaTypeHeaderValue mediaType, byte[] body, CancellationToken cancellationToken)
    {
        var result = new RequestBody(BodyKind.Multipart);
        string boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? string.Empty;
        if (boundary.Length == 0)
        {
            result.Error = new ApiErrorException(400, "The multipart/form-data Content-Type has no boundary.", null, "invalid_multipart");
            return result;
        }

        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false));
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                {
                    result.Error ??= new ApiErrorException(400, "A multipart part has no Content-Disposition name.", null, "invalid_multipart");
                    continue;
                }

                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
                if (disposition.IsFileDisposition())
                {
                    string fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                        ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value
                        ?? string.Empty;
                    result.Files.Add(new BodyFile(name, fileName, section.ContentType ?? string.Empty, content.ToArray()));
                }
                else
                {
                    result.Fields[name] = new BodyValue(null, Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length));
                }
            }
        }
        catch (IOException exception)
        {
            result.Error = new ApiErrorException(400, "The multipart/form-data body could not be read: " + exception.Message, null, "invalid_multipart");
        }
        catch (InvalidDataException exception)
        {
            result.Error = new ApiErrorException(400, "The multipart/form-data body could not be read: " + exception.Message, null, "invalid_multipart");
        }

        return result;
    }
}
