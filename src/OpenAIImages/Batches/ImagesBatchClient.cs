using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAIImages.Catalog;
using OpenAIImages.Diagnostics;
using OpenAIImages.Pipeline;
using OpenAIImages.Requests;
using OpenAIImages.Responses;

namespace OpenAIImages.Batches;

/// <summary>
/// Sends many generations or JSON edits through OpenAI's Batch API (<c>/v1/files</c>, <c>/v1/batches</c>): at half the
/// price, answered within 24 hours. Submit, poll, and read the results back as image files, one per request.
/// </summary>
/// <remarks>
/// <para>
/// Every request of the batch is checked against the model catalog before anything is sent; the input file is written
/// onto the connection line by line, never whole in memory; the results are read line by line, each image decoded
/// straight to its file. The batch id is all a later process needs to pick up where a crashed one left off
/// (<see cref="ResumeAsync"/>).
/// </para>
/// <para>
/// The calls run through the same pipeline as <see cref="ImagesClient"/>'s: authentication, retries, timeouts and the
/// typed <see cref="ImagesApiException"/> family. OpenAI's service and Azure OpenAI's v1 form
/// (<see cref="ImagesAzureOptions.Deployment"/> not set) serve the Batch API. The methods are virtual for test doubles; thread-safe.
/// </para>
/// </remarks>
public class ImagesBatchClient
{
    /// <summary>The most requests one batch may hold, as the Batch API allows.</summary>
    public const int MaxRequests = 50_000;

    private const string CompletionWindow = "24h";

    private static readonly BatchJsonContext Json = BatchJsonContext.Default;

    private readonly ImagesClientOptions _options = null!;
    private readonly ImagesBatchOptions _batchOptions = null!;
    private readonly ImagesClientCore _core = null!;
    private readonly ImagesTransport _transport = null!;
    private readonly ImageDownloader _downloader = null!;

    /// <summary>Creates a batch client that sends through <paramref name="httpClient"/> with the same settings an <see cref="ImagesClient"/> takes.</summary>
    /// <param name="httpClient">The client to send with; its handlers apply. Put no credentials in its default headers.</param>
    /// <param name="options">The settings; an API key or key provider is required. The client keeps a copy.</param>
    /// <param name="batchOptions">How to poll; the defaults when null.</param>
    /// <param name="loggerFactory">Where log events go (category <c>OpenAIImages.Batches.ImagesBatchClient</c>); none when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are not usable, or name an Azure deployment (its URL form has no Batch API).</exception>
    public ImagesBatchClient(HttpClient httpClient, ImagesClientOptions options, ImagesBatchOptions? batchOptions = null, ILoggerFactory? loggerFactory = null)
    {
        if (httpClient is null)
        {
            throw new ArgumentNullException(nameof(httpClient));
        }

        if (options?.Azure?.Deployment is not null)
        {
            throw new ArgumentException("The Batch API is served on Azure OpenAI's v1 URL form only: leave ImagesClientOptions.Azure.Deployment unset.", nameof(options));
        }

        _core = ImagesClientCore.Create(options!, Loggers.For<ImagesBatchClient>(loggerFactory ?? NullLoggerFactory.Instance));
        _options = _core.Options;
        _batchOptions = (batchOptions ?? new ImagesBatchOptions()).Checked();
        _transport = new ImagesTransport(httpClient, _options, _core.Log.Logger);
        _downloader = new ImageDownloader(httpClient, _transport.UserAgent, _options.DownloadTimeout, _options.TimeProvider);
    }

    /// <summary>Creates a client for a test double that overrides the methods it needs; the others throw.</summary>
    protected ImagesBatchClient()
    {
    }

    /// <summary>Checks every request, uploads them as the batch's input file (<c>POST /files</c>, <c>purpose=batch</c>) and creates the batch (<c>POST /batches</c>, 24 h window).</summary>
    /// <remarks>
    /// A batch goes to one endpoint: its requests are all generations or all edits. Edits go as JSON, so their images
    /// must be URLs or file ids. The input file is written as it is sent, one line at a time.
    /// </remarks>
    /// <param name="requests">The requests; each <see cref="ImagesBatchRequest.CustomId"/> once.</param>
    /// <param name="metadata">Up to 16 key-value pairs kept with the batch, or null.</param>
    /// <param name="cancellationToken">Cancels the upload or the creation.</param>
    /// <returns>The new batch; keep its <see cref="ImagesBatch.Id"/> to resume.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="requests"/> is null.</exception>
    /// <exception cref="ImageValidationException">Requests break the rules (their model's, or the batch's: ids, one endpoint, JSON edits); every problem, each with its line number; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise: the server could not be reached, timed out, or answered unreadably.</exception>
    public virtual async Task<ImagesBatch> SubmitAsync(
        IEnumerable<ImagesBatchRequest> requests,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        if (requests is null)
        {
            throw new ArgumentNullException(nameof(requests));
        }

        ImagesBatchRequest[] lines = requests.ToArray();
        string?[] models = lines.Select(line => line is null ? null : ModelOf(line)).ToArray();
        IReadOnlyList<ImageValidationError> errors = Check(lines, models);
        if (errors.Count > 0)
        {
            throw new ImageValidationException(errors);
        }

        var upload = new ImageCall("batch file upload", HttpMethod.Post, "files", _ => UploadContent(lines, models));
        FileBody file = await SendAsync(upload, Json.FileBody, cancellationToken).ConfigureAwait(false);
        string fileId = file.Id ?? throw Unreadable(upload, "the file object has no id");

        var body = new CreateBatchBody
        {
            InputFileId = fileId,
            Endpoint = lines[0].Url,
            CompletionWindow = CompletionWindow,
            Metadata = metadata?.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
        };
        var create = new ImageCall("batch creation", HttpMethod.Post, "batches", _ => JsonContent(body));
        return await SendBatchAsync(create, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a batch as it is now (<c>GET /batches/{id}</c>).</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> is null or empty.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error (<see cref="ImagesNotFoundException"/> for an unknown id).</exception>
    /// <exception cref="ImagesException">The call failed otherwise.</exception>
    public virtual Task<ImagesBatch> GetAsync(string batchId, CancellationToken cancellationToken = default) =>
        SendBatchAsync(new ImageCall("batch retrieval", HttpMethod.Get, "batches/" + Escape(batchId), null), cancellationToken);

    /// <summary>Asks the service to cancel a batch (<c>POST /batches/{id}/cancel</c>); it goes to <c>cancelling</c>, then <c>cancelled</c>.</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="cancellationToken">Cancels the call (not the batch).</param>
    /// <returns>The batch as the cancel left it.</returns>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> is null or empty.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error.</exception>
    /// <exception cref="ImagesException">The call failed otherwise.</exception>
    public virtual Task<ImagesBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default) =>
        SendBatchAsync(new ImageCall("batch cancel", HttpMethod.Post, "batches/" + Escape(batchId) + "/cancel", null), cancellationToken);

    /// <summary>Lists the organization's batches, newest first, page by page (<c>GET /batches</c>).</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="ImagesApiException">The server answered with an error.</exception>
    /// <exception cref="ImagesException">The call failed otherwise.</exception>
    public virtual async IAsyncEnumerable<ImagesBatch> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        while (true)
        {
            string path = "batches?limit=100" + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            BatchListBody page = await SendAsync(new ImageCall("batch list", HttpMethod.Get, path, null), Json.BatchListBody, cancellationToken).ConfigureAwait(false);
            foreach (BatchBody batch in page.Data ?? [])
            {
                yield return batch.ToBatch();
            }

            if (!page.HasMore || page.LastId is null || page.LastId == after)
            {
                yield break;
            }

            after = page.LastId;
        }
    }

    /// <summary>Polls a batch until it is done (completed, failed, expired or cancelled), waiting longer each time (see <see cref="ImagesBatchOptions"/>).</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="progress">Told the batch, with its request counts, after every poll; or null.</param>
    /// <param name="cancellationToken">Stops polling (the batch goes on).</param>
    /// <returns>The batch, done.</returns>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> is null or empty.</exception>
    /// <exception cref="ImagesApiException">The server answered a poll with an error.</exception>
    /// <exception cref="ImagesException">A poll failed otherwise.</exception>
    public virtual async Task<ImagesBatch> WaitForCompletionAsync(string batchId, IProgress<ImagesBatch>? progress = null, CancellationToken cancellationToken = default)
    {
        TimeSpan delay = _batchOptions.PollInterval;
        ImagesBatch batch = await GetAsync(batchId, cancellationToken).ConfigureAwait(false);
        progress?.Report(batch);
        while (!batch.IsDone)
        {
            if (delay > TimeSpan.Zero)
            {
#if NET
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
#else
                await _options.TimeProvider.Delay(delay, cancellationToken).ConfigureAwait(false);
#endif
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _batchOptions.MaxPollInterval.Ticks));
            batch = await GetAsync(batchId, cancellationToken).ConfigureAwait(false);
            progress?.Report(batch);
        }

        return batch;
    }

    /// <summary>Reads a done batch's output and error files, line by line, writing each request's images to files as they arrive.</summary>
    /// <remarks>
    /// Image <c>i</c> of the request <c>id</c> goes to <c>{directory}/{id}-{i}{extension}</c> (characters a file name
    /// cannot hold replaced by <c>_</c>), replacing a file of that name; a request's files are put in place only once
    /// its whole answer is read. Requests that failed, or never ran because the batch expired or was cancelled, come
    /// back with their <see cref="ImagesBatchLineResult.Error"/>. A failed batch has no lines: see <see cref="ImagesBatch.Errors"/>.
    /// </remarks>
    /// <param name="batch">The batch, done (see <see cref="WaitForCompletionAsync"/>).</param>
    /// <param name="directory">The folder to write to; created if missing.</param>
    /// <param name="cancellationToken">Cancels the download; the request being read leaves no file behind.</param>
    /// <returns>One result per request, in the order of the files.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The batch is not done yet.</exception>
    /// <exception cref="ImagesApiException">The server answered a download with an error.</exception>
    /// <exception cref="ImagesException">A download failed otherwise, a line was unreadable (<see cref="ImagesInvalidResponseException"/>), or an image could not be written (<see cref="ImagesFileException"/>).</exception>
    public virtual async IAsyncEnumerable<ImagesBatchLineResult> ReadResultsAsync(
        ImagesBatch batch,
        string directory,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (batch is null)
        {
            throw new ArgumentNullException(nameof(batch));
        }

        ImageFileTarget.Create(directory, null);
        if (!batch.IsDone)
        {
            throw new InvalidOperationException($"Batch {batch.Id} is {batch.StatusText}: its results can be read once it is done (see WaitForCompletionAsync).");
        }

        foreach (string? fileId in new[] { batch.OutputFileId, batch.ErrorFileId })
        {
            if (fileId is null)
            {
                continue;
            }

            await foreach (ImagesBatchLineResult line in ReadFileAsync(fileId, directory, cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
    }

    /// <summary>Picks up a batch by its id, for example after a crash: polls it until it is done, then reads its results as <see cref="ReadResultsAsync"/> does.</summary>
    /// <param name="batchId">The batch id, as <see cref="SubmitAsync"/> returned it.</param>
    /// <param name="directory">The folder to write the images to; created if missing.</param>
    /// <param name="progress">Told the batch after every poll; or null.</param>
    /// <param name="cancellationToken">Stops polling or reading (the batch goes on).</param>
    /// <returns>One result per request.</returns>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> or <paramref name="directory"/> is empty.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error.</exception>
    /// <exception cref="ImagesException">A call failed otherwise, as for <see cref="ReadResultsAsync"/>.</exception>
    public virtual async IAsyncEnumerable<ImagesBatchLineResult> ResumeAsync(
        string batchId,
        string directory,
        IProgress<ImagesBatch>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ImageFileTarget.Create(directory, null);
        ImagesBatch batch = await WaitForCompletionAsync(batchId, progress, cancellationToken).ConfigureAwait(false);
        await foreach (ImagesBatchLineResult line in ReadResultsAsync(batch, directory, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>Builds the upload's body: <c>purpose=batch</c> and the input file, streamed.</summary>
    internal static HttpContent UploadContent(IReadOnlyList<ImagesBatchRequest> lines, IReadOnlyList<string?> models)
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

    private async IAsyncEnumerable<ImagesBatchLineResult> ReadFileAsync(string fileId, string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = new ImageCall("batch file download", HttpMethod.Get, "files/" + Escape(fileId) + "/content", null);
        using ImagesResponse answer = await _core.Pipeline.SendAsync(call, _transport, cancellationToken).ConfigureAwait(false);

        // The results file may take longer to read than an attempt; the caller's token governs once it has started.
        answer.EndTimeLimit();
#if NET
        using Stream body = await answer.Message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using Stream body = await answer.Message.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using var reader = new JsonLineReader(body);
        int number = 0;
        while (await ReadLineAsync(reader, call, cancellationToken).ConfigureAwait(false))
        {
            number++;
            yield return await ReadLineResultAsync(reader.Line, number, fileId, directory, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ReadLineAsync(JsonLineReader reader, ImageCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw new ImagesConnectionException($"The connection broke during the {call.Operation}: {_transport.Redact(ex.Message)}", ex);
        }
    }

    private async Task<ImagesBatchLineResult> ReadLineResultAsync(ArraySegment<byte> text, int number, string fileId, string directory, CancellationToken cancellationToken)
    {
        BatchOutputLine line;
        try
        {
            line = BatchOutputLine.Parse(text);
        }
        catch (JsonException ex)
        {
            string message = $"Line {number} of batch file {fileId} is not a batch result: {ex.Message}";
            throw new ImagesInvalidResponseException(message, new ImagesApiErrorDetails(200, null, null, null, message, null, null), ex);
        }

        string customId = line.CustomId ?? string.Empty;
        string? requestId = line.RequestId is { } id ? _transport.Redact(id) : null;
        if (line.Status is >= 200 and < 300 && line.Body.Length > 0)
        {
            using var body = new MemoryStream(text.Array!, text.Offset + line.Body.Start, line.Body.Length, writable: false);
            ImageResult result = await ImagesResponseReader.ReadAsync(body, line.Status, requestId, _downloader, ImageFileTarget.Create(directory, FilePrefix(customId)), cancellationToken).ConfigureAwait(false);
            return new ImagesBatchLineResult(customId, result, null);
        }

        if (line.Body.Length > 0)
        {
            line.ReadErrorBody(text.AsSpan(line.Body.Start, line.Body.Length));
        }

        string server = _transport.Redact(line.ErrorMessage ?? "no reason given");
        var details = new ImagesApiErrorDetails(line.Status, line.ErrorType, line.ErrorCode, line.ErrorParam, server, requestId, null);
        string answered = line.Status == 0 ? "got no answer" : "was answered " + line.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string code = line.ErrorCode is null ? string.Empty : " (" + line.ErrorCode + ")";
        return new ImagesBatchLineResult(customId, null, new ImagesBatchLineException(customId, $"Batch request '{customId}' {answered}{code}: {server}", details));
    }

    private IReadOnlyList<ImageValidationError> Check(ImagesBatchRequest[] lines, string?[] models)
    {
        var errors = new List<ImageValidationError>();
        if (lines.Length == 0)
        {
            errors.Add(new ImageValidationError("requests", null, "a batch needs at least one request"));
        }
        else if (lines.Length > MaxRequests)
        {
            errors.Add(new ImageValidationError("requests", lines.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), $"a batch holds at most {MaxRequests} requests; split these {lines.Length} into several batches"));
        }

        var context = new ValidationContext(_transport.Service, _options.TimeProvider);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? endpoint = lines.FirstOrDefault(line => line is not null)?.Url;
        for (int i = 0; i < lines.Length; i++)
        {
            int number = i + 1;
            string at = $"lines[{number}]";
            ImagesBatchRequest line = lines[i];
            if (line is null)
            {
                errors.Add(new ImageValidationError(at, null, $"line {number} is null"));
                continue;
            }

            string label = $"line {number} ('{line.CustomId}')";
            if (string.IsNullOrWhiteSpace(line.CustomId))
            {
                errors.Add(new ImageValidationError(at + ".custom_id", line.CustomId, $"line {number}: custom_id is required; it is how the result comes back"));
            }
            else if (seen.TryGetValue(line.CustomId, out int first))
            {
                errors.Add(new ImageValidationError(at + ".custom_id", line.CustomId, $"{label}: custom_id is already used by line {first}; each request needs its own"));
            }
            else
            {
                seen.Add(line.CustomId, number);
            }

            if (!string.Equals(line.Url, endpoint, StringComparison.Ordinal))
            {
                errors.Add(new ImageValidationError(at + ".url", line.Url, $"{label}: a batch goes to one endpoint, {endpoint} as line 1 says, not {line.Url}; submit generations and edits as separate batches"));
            }

            IReadOnlyList<ImageValidationError> found = line.Edit is { } edit
                ? CheckEdit(edit, models[i], context, label)
                : _options.ValidateRequests ? RequestValidator.Check(line.Generation!, ModelCatalog.Get(RulesModelOf(models[i])), stream: false, context) : [];
            errors.AddRange(found.Select(e => new ImageValidationError(at + "." + e.Field, e.Value, e.Message.StartsWith(label, StringComparison.Ordinal) ? e.Message : label + ": " + e.Message)));
        }

        return errors;
    }

    private IReadOnlyList<ImageValidationError> CheckEdit(ImageEditOptions edit, string? model, ValidationContext context, string label)
    {
        if (edit.Images is null || !ImageRequestFactory.IsJsonEdit(edit))
        {
            return [new ImageValidationError("images", null, $"{label}: a batch sends edits as JSON, so every image and the mask must be a URL or a file id (ImageInput.FromUrl, ImageInput.FromFileId)")];
        }

        return _options.ValidateRequests
            ? RequestValidator.Check(edit, ModelCatalog.Get(RulesModelOf(model)), [], null, null, stream: false, context)
            : [];
    }

    private async Task<ImagesBatch> SendBatchAsync(ImageCall call, CancellationToken cancellationToken)
    {
        BatchBody body = await SendAsync(call, Json.BatchBody, cancellationToken).ConfigureAwait(false);
        return body.Id is null || body.Status is null ? throw Unreadable(call, "the batch object has no id or status") : body.ToBatch();
    }

    private async Task<T> SendAsync<T>(ImageCall call, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using ImagesResponse answer = await _core.Pipeline.SendAsync(call, _transport, cancellationToken).ConfigureAwait(false);
        try
        {
#if NET
            using Stream stream = await answer.Message.Content.ReadAsStreamAsync(answer.Token).ConfigureAwait(false);
#else
            using Stream stream = await answer.Message.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            return await JsonSerializer.DeserializeAsync(stream, type, answer.Token).ConfigureAwait(false) ?? throw Unreadable(call, "the body is null");
        }
        catch (JsonException ex)
        {
            throw Unreadable(call, _transport.Redact(ex.Message), ex);
        }
        catch (OperationCanceledException ex) when (answer.TimeoutOf(ex) is { } timeout)
        {
            throw timeout;
        }
    }

    private static ImagesInvalidResponseException Unreadable(ImageCall call, string problem, Exception? inner = null)
    {
        string message = $"The {call.Operation} was answered with success but its body could not be read: {problem}";
        return new ImagesInvalidResponseException(message, new ImagesApiErrorDetails(200, null, null, null, message, null, null), inner);
    }

    private static HttpContent JsonContent(CreateBatchBody body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json.CreateBatchBody));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    private static string Escape(string id) =>
        string.IsNullOrWhiteSpace(id) ? throw new ArgumentException("An id is required.", nameof(id)) : Uri.EscapeDataString(id.Trim());

    // A custom_id may hold anything; as the start of a file name it keeps only what a file name can.
    private static string FilePrefix(string customId)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        string prefix = new(customId.Select(c => c is '/' or '\\' || Array.IndexOf(invalid, c) >= 0 ? '_' : c).ToArray());
        return prefix.Trim().Length == 0 || prefix is "." or ".." ? "request" : prefix;
    }

    private string? ModelOf(ImagesBatchRequest line) => ((line.Edit as ImageRequestOptions ?? line.Generation)?.Model ?? _options.DefaultModel)?.Value;

    private string? RulesModelOf(string? sentModel) => _options.Azure is { } azure ? azure.Model?.Value : sentModel;
}
