using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace OpenAIImages.Testing.Engine;

/// <summary>
/// Reads JSON and multipart/form-data bodies without reflection (JsonDocument, WebUtilities' MultipartReader), from the
/// request stream as it arrives: JSON and text parts into memory, file parts buffered to a temporary file above
/// <see cref="FileMemoryThreshold"/> (a <c>/v1/files</c> upload may be up to the server's 1 GB).
/// </summary>
internal static class BodyReader
{
    /// <summary>How much of a file part stays in memory before it is moved to a temporary file.</summary>
    public const int FileMemoryThreshold = 1024 * 1024;

    /// <summary>Reads a body already in memory; file parts, if any, still buffer to <see cref="Path.GetTempPath"/>.</summary>
    public static Task<RequestBody> ReadAsync(string? contentType, byte[] body, CancellationToken cancellationToken) =>
        ReadAsync(contentType, new MemoryStream(body, writable: false), Path.GetTempPath(), cancellationToken);

    /// <summary>Reads the body; the caller disposes the result, which deletes its file parts' temporary files.</summary>
    /// <param name="contentType">The request's Content-Type, if any.</param>
    /// <param name="body">The body, read once, forward only.</param>
    /// <param name="bufferDirectory">Where file parts above <see cref="FileMemoryThreshold"/> are buffered.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<RequestBody> ReadAsync(string? contentType, Stream body, string bufferDirectory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? mediaType))
        {
            return await IsEmptyAsync(body, cancellationToken).ConfigureAwait(false) ? RequestBody.Empty : new RequestBody(BodyKind.Other);
        }

        if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            using var json = new MemoryStream();
            await body.CopyToAsync(json, cancellationToken).ConfigureAwait(false);
            return ReadJson(json.GetBuffer().AsMemory(0, (int)json.Length));
        }

        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMultipartAsync(mediaType, body, bufferDirectory, cancellationToken).ConfigureAwait(false);
        }

        return new RequestBody(BodyKind.Other);
    }

    private static async Task<bool> IsEmptyAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] probe = new byte[1];
        return await body.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0;
    }

    private static RequestBody ReadJson(ReadOnlyMemory<byte> body)
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

    private static async Task<RequestBody> ReadMultipartAsync(MediaTypeHeaderValue mediaType, Stream body, string bufferDirectory, CancellationToken cancellationToken)
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
            // No per-part limit beyond the transport's: the reader's default (128 MB) would refuse a large batch file.
            var reader = new MultipartReader(boundary, body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                {
                    result.Error ??= new ApiErrorException(400, "A multipart part has no Content-Disposition name.", null, "invalid_multipart");
                    continue;
                }

                if (disposition.IsFileDisposition())
                {
                    string fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                        ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value
                        ?? string.Empty;
                    Stream content = await BufferAsync(section.Body, bufferDirectory, cancellationToken).ConfigureAwait(false);
                    result.Files.Add(new BodyFile(name, fileName, section.ContentType ?? string.Empty, content));
                }
                else
                {
                    using var content = new MemoryStream();
                    await section.Body.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
                    result.Fields[name] = new BodyValue(null, Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length));
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or (IOException and not BadHttpRequestException))
        {
            // Kestrel's own refusals (a body too large, or cut short by a client gone mid-upload) go on to Kestrel, which answers them.
            result.Error = new ApiErrorException(400, "The multipart/form-data body could not be read: " + exception.Message, null, "invalid_multipart");
        }
        catch
        {
            result.Dispose(); // cancelled or failed otherwise: no one gets this body, so its parts' temporary files go now
            throw;
        }

        return result;
    }

    // The part read to its end: in memory up to the threshold, then in a temporary file opened DeleteOnClose, which is
    // deleted here if the read fails (a client gone mid-upload) and otherwise when the request's body is disposed.
    private static async Task<Stream> BufferAsync(Stream part, string bufferDirectory, CancellationToken cancellationToken)
    {
        var buffered = new FileBufferingReadStream(part, FileMemoryThreshold, bufferLimit: null, () => bufferDirectory);
        try
        {
            await buffered.DrainAsync(cancellationToken).ConfigureAwait(false);
            buffered.Position = 0;
            return buffered;
        }
        catch
        {
            await buffered.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
