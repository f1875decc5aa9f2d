using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Requests;

namespace OpenAIImages.Batches;

/// <summary>
/// The batch's input file (<see cref="BatchInputFile"/>, written as the requests were checked) copied onto the connection
/// as it is sent: chunked, never whole in memory.
/// </summary>
/// <remarks>Each send copies the file from its start, so a retried upload sends the same lines.</remarks>
internal sealed class JsonlUploadContent : HttpContent
{
    private readonly BatchInputFile _input;

    public JsonlUploadContent(BatchInputFile input)
    {
        _input = input;
        Headers.TryAddWithoutValidation("Content-Type", "application/jsonl");
    }

    /// <summary>Builds the upload's body: <c>purpose=batch</c> and the input file, streamed.</summary>
    public static HttpContent Form(BatchInputFile input)
    {
        // Quoted names, and no Content-Type on the text part, as the SDK's own multipart writer and OpenAI's SDKs send them.
        var purpose = new StringContent("batch");
        purpose.Headers.ContentType = null;
        purpose.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"purpose\"");
        var file = new JsonlUploadContent(input);
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

    // The file stays open for a retry's send: BatchInputFile is disposed by the submission, not by this content.
    private Task WriteAsync(Stream stream, CancellationToken cancellationToken) => _input.CopyToAsync(stream, cancellationToken);
}
