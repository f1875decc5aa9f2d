using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Requests;

namespace OpenAIImages.Batches;

/// <summary>
/// The batch's input file, written line by line straight onto the connection as it is sent: its length is unknown
/// (chunked) and it is never whole in memory, only one line at a time.
/// </summary>
/// <remarks>Each send writes the lines afresh, so a retried upload needs nothing rewound.</remarks>
internal sealed class JsonlUploadContent : HttpContent
{
    private const int FlushBytes = 64 * 1024;

    // Prompts go as UTF-8 text, as the images endpoints get them.
    private static readonly JsonWriterOptions WriterOptions = JsonRequestWriter.Options;

    private readonly IReadOnlyList<ImagesBatchRequest> _lines;
    private readonly IReadOnlyList<string?> _models;

    public JsonlUploadContent(IReadOnlyList<ImagesBatchRequest> lines, IReadOnlyList<string?> models)
    {
        _lines = lines;
        _models = models;
        Headers.TryAddWithoutValidation("Content-Type", "application/jsonl");
    }

    /// <summary>Builds the upload's body: <c>purpose=batch</c> and the input file, streamed.</summary>
    public static HttpContent Form(IReadOnlyList<ImagesBatchRequest> lines, IReadOnlyList<string?> models)
    {
        // Quoted names, and no Content-Type on the text part, as the SDK's own multipart writer and OpenAI's SDKs send them.
        var purpose = new StringContent("batch");
        purpose.Headers.ContentType = null;
        purpose.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"purpose\"");
        var file = new JsonlUploadContent(lines, models);
        file.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"file\"; filename=\"batch.jsonl\"");
        var form = new MultipartFormDataContent();
        form.Add(purpose);
        form.Add(file);
        return form;
    }

    /// <summary>Writes one line, without its line break, as the input file has it.</summary>
    public static void WriteLine(Utf8JsonWriter writer, ImagesBatchRequest line, string? model)
    {
        writer.WriteStartObject();
        writer.WriteString("custom_id", line.CustomId);
        writer.WriteString("method", "POST");
        writer.WriteString("url", line.Url);
        writer.WritePropertyName("body");
        if (line.Edit is { } edit)
        {
            JsonRequestWriter.WriteEdit(writer, edit, model, stream: false);
        }
        else
        {
            JsonRequestWriter.WriteGeneration(writer, line.Generation!, model, stream: false);
        }

        writer.WriteEndObject();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await WriteAsync(stream, CancellationToken.None).ConfigureAwait(false);

#if NET
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        await WriteAsync(stream, cancellationToken).ConfigureAwait(false);
#endif

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(FlushBytes * 2);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        for (int i = 0; i < _lines.Count; i++)
        {
            writer.Reset();
            WriteLine(writer, _lines[i], _models[i]);
            writer.Flush();
            buffer.WriteByte((byte)'\n');
            if (buffer.Length >= FlushBytes || i == _lines.Count - 1)
            {
                await stream.WriteAsync(buffer.GetBuffer(), 0, (int)buffer.Length, cancellationToken).ConfigureAwait(false);
                buffer.SetLength(0);
            }
        }
    }
}
