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
using OpenAIImages.Diagnostics;
using OpenAIImages.Internal;
using OpenAIImages.Pipeline;
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

    /// <summary>The metadata key under which <see cref="SubmitAsync"/> keeps the key that makes its creation idempotent.</summary>
    public const string SubmitKeyMetadata = "openai_images_submit_key";

    private const string CompletionWindow = "24h";

    // Metadata pairs a batch may hold, as the Batch API allows; one is the submit key.
    private const int MaxMetadata = 16;

    // How many pages of the newest batches are looked through for a submission's key.
    private const int LookupPages = 10;

    private static readonly BatchJsonContext Json = BatchJsonContext.Default;

    private readonly ImagesClientOptions _options = null!;
    private readonly ImagesBatchOptions _batchOptions = null!;
    private readonly ImagesClientCore _core = null!;
    private readonly ImagesTransport _transport = null!;
    private readonly BatchResultsReader _results = null!;

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
        var downloader = new ImageDownloader(httpClient, _transport.UserAgent, _options.DownloadTimeout, _options.TimeProvider);
        _results = new BatchResultsReader(downloader, _transport.Redact, new Costs.BatchPricing(_core.Prices, _options.Azure));
    }

    /// <summary>Creates a client for a test double that overrides the methods it needs; the others throw.</summary>
    protected ImagesBatchClient()
    {
    }

    /// <summary>Checks every request, uploads them as the batch's input file (<c>POST /files</c>, <c>purpose=batch</c>) and creates the batch (<c>POST /batches</c>, 24 h window).</summary>
    /// <remarks>
    /// A batch goes to one endpoint: its requests are all generations or all edits. Edits go as JSON, so their images
    /// must be URLs or file ids. The requests are read once: each is checked and written to a temporary input file (in memory when none can be made), so none is held after. Creation is idempotent: the batch's metadata gets a key of this call's (<see cref="SubmitKeyMetadata"/>), and
    /// before the creation is sent again after a failure worth retrying (a connection reset before the answer, a
    /// timeout, a 5xx), the newest batches are looked up by that key, so a batch the lost answer created is returned,
    /// not billed twice. Pass that key in <paramref name="metadata"/> yourself to make a resubmission from another
    /// process idempotent too: a batch that already has it is returned without creating another.
    /// </remarks>
    /// <param name="requests">The requests; each <see cref="ImagesBatchRequest.CustomId"/> once.</param>
    /// <param name="metadata">Up to 15 key-value pairs kept with the batch (the 16th is the submit key), or null.</param>
    /// <param name="cancellationToken">Cancels the upload or the creation.</param>
    /// <returns>The new batch (or the one this submission already created); keep its <see cref="ImagesBatch.Id"/> to resume.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="requests"/> is null.</exception>
    /// <exception cref="ImageValidationException">Requests break the rules (their model's, or the batch's: ids, one endpoint, JSON edits, metadata); every problem, each with its line number; nothing was sent.</exception>
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

        var check = new BatchRequestCheck(_options, _transport.Service, _core.Catalog);
        using BatchInputFile input = await BatchInputFile.WriteAsync(requests, check, cancellationToken).ConfigureAwait(false);
        List<ImageValidationError> errors = check.Errors;
        string? givenKey = BatchRequestCheck.CheckMetadata(metadata, SubmitKeyMetadata, MaxMetadata, errors);
        if (errors.Count > 0)
        {
            throw new ImageValidationException(errors);
        }

        string key = givenKey ?? Guid.NewGuid().ToString("N");
        long started = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (givenKey is not null && await FindSubmittedAsync(key, long.MinValue, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return earlier;
        }

        var upload = new ImageCall("batch file upload", HttpMethod.Post, "files", _ => JsonlUploadContent.Form(input));
        FileBody file = await SendAsync(upload, Json.FileBody, cancellationToken).ConfigureAwait(false);
        string fileId = file.Id ?? throw BatchAnswers.Unreadable(upload, "the file object has no id");

        var body = new CreateBatchBody
        {
            InputFileId = fileId,
            Endpoint = check.Endpoint!,
            CompletionWindow = CompletionWindow,
            Metadata = (metadata ?? new Dictionary<string, string>()).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
        };
        body.Metadata[SubmitKeyMetadata] = key;
        var creation = new BatchCreation(body, key, _options.Retry.MaxRetries, SendBatchAsync, FindSubmittedAsync);
        return _results.Pricing.Remember(await creation.SendAsync(started, cancellationToken).ConfigureAwait(false), check.Lines);
    }

    /// <summary>Gets a batch as it is now (<c>GET /batches/{id}</c>).</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> is null, empty, or not an id (<c>.</c>, <c>..</c>, or with a <c>/</c>).</exception>
    /// <exception cref="ImagesApiException">The server answered with an error (<see cref="ImagesNotFoundException"/> for an unknown id).</exception>
    /// <exception cref="ImagesException">The call failed otherwise.</exception>
    public virtual Task<ImagesBatch> GetAsync(string batchId, CancellationToken cancellationToken = default) =>
        SendBatchAsync(new ImageCall("batch retrieval", HttpMethod.Get, "batches/" + BatchIds.Given(batchId, nameof(batchId)), null), cancellationToken);

    /// <summary>Asks the service to cancel a batch (<c>POST /batches/{id}/cancel</c>); it goes to <c>cancelling</c>, then <c>cancelled</c>.</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="cancellationToken">Cancels the call (not the batch).</param>
    /// <returns>The batch as the cancel left it.</returns>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> is null, empty, or not an id.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error.</exception>
    /// <exception cref="ImagesException">The call failed otherwise.</exception>
    public virtual Task<ImagesBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default) =>
        SendBatchAsync(new ImageCall("batch cancel", HttpMethod.Post, "batches/" + BatchIds.Given(batchId, nameof(batchId)) + "/cancel", null), cancellationToken);

    /// <summary>Lists the organization's batches, newest first, page by page (<c>GET /batches</c>).</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="ImagesApiException">The server answered with an error.</exception>
    /// <exception cref="ImagesException">The call failed otherwise.</exception>
    public virtual async IAsyncEnumerable<ImagesBatch> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (BatchBody batch in ListBodiesAsync(int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            yield return batch.ToBatch(_transport.Redact);
        }
    }

    /// <summary>Polls a batch until it is done (completed, failed, expired or cancelled), waiting longer each time (see <see cref="ImagesBatchOptions"/>).</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="progress">Told the batch, with its request counts, after every poll; or null.</param>
    /// <param name="cancellationToken">Stops polling (the batch goes on).</param>
    /// <returns>The batch, done.</returns>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> is null, empty, or not an id.</exception>
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
    /// <para>
    /// Image <c>i</c> of the request <c>id</c> goes to <c>{directory}/{id}-{i}{extension}</c>, the id made a safe file
    /// name (characters a file name cannot hold, and a leading dot, replaced by <c>_</c>; at most 96 bytes), replacing a
    /// file of that name. Two requests whose ids make the same name never share it: the later gets <c>~2</c>, <c>~3</c>
    /// after it, so each result's <see cref="GeneratedImage.FilePath"/> is its own image. A request's files are put in
    /// place only once its whole answer is read; an answer too long to hold is streamed to its files, never held whole.
    /// </para>
    /// <para>
    /// Requests that failed, or never ran because the batch expired or was cancelled, come back with their
    /// <see cref="ImagesBatchLineResult.Error"/>; so does a line the SDK cannot read (code <c>unreadable_batch_line</c>),
    /// and the lines after it are still read. A failed batch has no lines: see <see cref="ImagesBatch.Errors"/>. Each
    /// read of a file must bring bytes within <see cref="ImagesClientOptions.DownloadTimeout"/>.
    /// </para>
    /// </remarks>
    /// <param name="batch">The batch, done (see <see cref="WaitForCompletionAsync"/>).</param>
    /// <param name="directory">The folder to write to; created if missing.</param>
    /// <param name="cancellationToken">Cancels the download; the request being read leaves no file behind.</param>
    /// <returns>One result per request, in the order of the files.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The batch is not done yet.</exception>
    /// <exception cref="ImagesApiException">The server answered a download with an error.</exception>
    /// <exception cref="ImagesInvalidResponseException">The batch says it completed but names no output file, or names a file id that is not one (<c>.</c>, <c>..</c>, with a <c>/</c>).</exception>
    /// <exception cref="ImagesTimeoutException">A download stalled for longer than <see cref="ImagesClientOptions.DownloadTimeout"/>.</exception>
    /// <exception cref="ImagesException">A download failed otherwise, or an image could not be written (<see cref="ImagesFileException"/>).</exception>
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
            throw new InvalidOperationException($"Batch {Redaction.Text(batch.Id, null)} is {batch.StatusText}: its results can be read once it is done (see WaitForCompletionAsync).");
        }

        if (batch.Status == ImagesBatchStatus.Completed && batch.OutputFileId is null && (batch.ErrorFileId is null || batch.RequestCounts.Completed > 0))
        {
            string message = $"Batch {_transport.Redact(batch.Id)} completed but names no output file, so the results of its {batch.RequestCounts.Completed} completed requests cannot be read; get the batch again (GetAsync) and read the results once it names one.";
            throw new ImagesInvalidResponseException(message, new ImagesApiErrorDetails(200, null, null, null, message, null, null));
        }

        var names = new BatchFileNames();
        foreach (string? fileId in new[] { batch.OutputFileId, batch.ErrorFileId })
        {
            if (fileId is null)
            {
                continue;
            }

            var call = new ImageCall("batch file download", HttpMethod.Get, "files/" + BatchIds.FromService(fileId, _transport.Redact) + "/content", null);
            using HttpResponseMessage response = await SendRawAsync(call, cancellationToken).ConfigureAwait(false);
            using Stream body = await OpenBodyAsync(response, call, cancellationToken).ConfigureAwait(false);
            await foreach (ImagesBatchLineResult line in _results.ReadAsync(body, _transport.Redact(fileId), directory, names, _results.Pricing.For(batch.Id), cancellationToken).ConfigureAwait(false))
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

    // The batch created with this submit key, among the newest: those created from an hour before the submission on.
    private async Task<ImagesBatch?> FindSubmittedAsync(string key, long started, CancellationToken cancellationToken)
    {
        long since = started == long.MinValue ? long.MinValue : started - 3600;
        await foreach (BatchBody batch in ListBodiesAsync(LookupPages, cancellationToken).ConfigureAwait(false))
        {
            if (batch.HasMetadata(SubmitKeyMetadata, key) && batch.Id is not null && batch.Status is not null)
            {
                return batch.ToBatch(_transport.Redact);
            }

            if (batch.CreatedAt < since)
            {
                break;
            }
        }

        return null;
    }

    private async IAsyncEnumerable<BatchBody> ListBodiesAsync(int pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        for (int page = 0; page < pages; page++)
        {
            string path = "batches?limit=100" + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            BatchListBody list = await SendAsync(new ImageCall("batch list", HttpMethod.Get, path, null), Json.BatchListBody, cancellationToken).ConfigureAwait(false);
            foreach (BatchBody? batch in list.Data ?? [])
            {
                if (batch is not null)
                {
                    yield return batch;
                }
            }

            if (!list.HasMore || list.LastId is null || list.LastId == after)
            {
                yield break;
            }

            after = list.LastId;
        }
    }

    private async Task<ImagesBatch> SendBatchAsync(ImageCall call, CancellationToken cancellationToken)
    {
        BatchBody body = await SendAsync(call, Json.BatchBody, cancellationToken).ConfigureAwait(false);
        return body.Id is null || body.Status is null ? throw BatchAnswers.Unreadable(call, "the batch object has no id or status") : body.ToBatch(_transport.Redact);
    }

    // A JSON answer, read after the pipeline within the stall limit, every failure typed.
    private async Task<T> SendAsync<T>(ImageCall call, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using HttpResponseMessage response = await SendRawAsync(call, cancellationToken).ConfigureAwait(false);
        try
        {
            using Stream stream = await OpenBodyAsync(response, call, cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false) ?? throw BatchAnswers.Unreadable(call, "the body is null");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or InvalidDataException or NotSupportedException)
        {
            // Not JSON, a value of the wrong type, text that is not UTF-8 or holds a lone surrogate, or a corrupt encoding.
            throw BatchAnswers.Unreadable(call, _transport.Redact(ex.Message), ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw new ImagesConnectionException($"The connection broke while the {call.Operation}'s answer was being read: {_transport.Redact(ex.Message)}", ex);
        }
    }

    /// <summary>Sends a call through the pipeline (limiter, retries, time limits, typed errors) and gives back its success response, unread: every call of the batch client goes through here. The attempt timer ends here: each read of the body has its own limit instead.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(ImageCall call, CancellationToken cancellationToken)
    {
        ImagesResponse answer = await _core.Pipeline.SendAsync(call, _transport, cancellationToken).ConfigureAwait(false);
        answer.EndTimeLimit();
        return answer.Message;
    }

    // The body, each read of which must bring bytes within the download timeout (a body may stall after its headers).
    private async Task<Stream> OpenBodyAsync(HttpResponseMessage response, ImageCall call, CancellationToken cancellationToken)
    {
#if NET
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        return new StallTimeoutStream(body, call.Operation, _options.DownloadTimeout, _options.TimeProvider);
    }
}
