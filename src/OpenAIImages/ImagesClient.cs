using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAIImages.Catalog;
using OpenAIImages.Diagnostics;
using OpenAIImages.Http;
using OpenAIImages.Requests;
using OpenAIImages.Responses;

namespace OpenAIImages;

/// <summary>A client for the OpenAI Images API: create images from a prompt, edit images, and create variations.</summary>
/// <remarks>
/// Each call reads top to bottom: validate (the model catalog, before any byte is sent; see
/// <see cref="ImagesClientOptions.ValidateRequests"/>) → build (the request factory picks JSON or multipart) → send (the
/// resilience pipeline over the transport) → read (the response is read as a stream) → result. The client keeps a copy
/// of the options it was given. The methods are virtual so that your own tests can substitute them; thread-safe.
/// </remarks>
public class ImagesClient
{
    private static readonly Lazy<HttpMessageHandler> SharedHandler = new(CreateSharedHandler, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<HttpResponseMessage>> KeepResponse =
        static (response, _, _) => new ValueTask<HttpResponseMessage>(response);

    private readonly ImagesClientOptions _options = null!;
    private readonly ImagesClientCore _core = null!;
    private readonly ImagesTransport _transport = null!;
    private readonly ImageDownloader _downloader = null!;
    private readonly Func<HttpResponseMessage, ImageCall, CancellationToken, ValueTask<ImageResult>> _readResult = null!;

    /// <summary>Creates a client that sends through a shared connection pool.</summary>
    /// <param name="options">The settings; an API key or key provider is required. The client keeps a copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are not usable; see <see cref="ImagesClientOptions.Validate"/>.</exception>
    public ImagesClient(ImagesClientOptions options)
        : this(new HttpClient(SharedHandler.Value, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, options)
    {
    }

    /// <summary>Creates a client that sends through <paramref name="httpClient"/>, for example one from <c>IHttpClientFactory</c> or one with a mocked handler.</summary>
    /// <param name="httpClient">The client to send with; its handlers (retries, logging) apply. Put no credentials in its default headers.</param>
    /// <param name="options">The settings; an API key or key provider is required. The client keeps a copy.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are not usable; see <see cref="ImagesClientOptions.Validate"/>.</exception>
    public ImagesClient(HttpClient httpClient, ImagesClientOptions options)
        : this(httpClient, options, NullLoggerFactory.Instance)
    {
    }

    /// <summary>Creates a client that sends through <paramref name="httpClient"/> and logs through <paramref name="loggerFactory"/>.</summary>
    /// <param name="httpClient">The client to send with; its handlers apply. Put no credentials in its default headers.</param>
    /// <param name="options">The settings; an API key or key provider is required. The client keeps a copy, so later changes to the object change nothing.</param>
    /// <param name="loggerFactory">Where log events go (category <c>OpenAIImages.ImagesClient</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are not usable; see <see cref="ImagesClientOptions.Validate"/>.</exception>
    public ImagesClient(HttpClient httpClient, ImagesClientOptions options, ILoggerFactory loggerFactory)
        : this(httpClient, ImagesClientCore.Create(options, Loggers.For<ImagesClient>(loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory)))))
    {
    }

    /// <summary>Creates a client that shares <paramref name="core"/> (options, pipeline, rate limiter, log) with others of the same name.</summary>
    internal ImagesClient(HttpClient httpClient, ImagesClientCore core)
    {
        if (httpClient is null)
        {
            throw new ArgumentNullException(nameof(httpClient));
        }

        _core = core;
        _options = core.Options;
        _transport = new ImagesTransport(httpClient, _options, core.Log.Logger);
        _downloader = new ImageDownloader(httpClient, _transport.UserAgent, _options.DownloadTimeout, _options.TimeProvider);
        _readResult = ReadResultAsync;
    }

    /// <summary>Gets the options snapshot the client was built with (null for a test double), for the Microsoft.Extensions.AI adapter's metadata.</summary>
    internal ImagesClientOptions? Options => _options;

    /// <summary>Creates a client for a test double that overrides the methods it needs; the others throw.</summary>
    protected ImagesClient()
    {
    }

    /// <summary>Creates images from a prompt (<c>POST /images/generations</c>).</summary>
    /// <param name="options">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The images and what the server said about them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise: the server could not be reached, timed out, or answered unreadably.</exception>
    public virtual Task<ImageResult> GenerateAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default) =>
        GenerateCoreAsync(options, null, cancellationToken);

    /// <summary>Creates images from a prompt and writes each one to a file as it arrives, never holding an image in memory.</summary>
    /// <remarks>
    /// Image <c>i</c> goes to <c>{directory}/{fileNamePrefix}-{i}{extension}</c>, the extension read from the image's own
    /// bytes (<c>.png</c>, <c>.jpg</c>, <c>.webp</c>, <c>.gif</c>, <c>.svg</c>). Each image goes to a temporary file, and all
    /// of them are renamed into place (replacing files of those names) only once the whole answer has been read, so a
    /// failed or cancelled call leaves no file behind. URL images are downloaded, without the API key, within
    /// <see cref="ImagesClientOptions.DownloadTimeout"/>.
    /// Once the server has answered with success the generation is never sent again, whatever fails after.
    /// </remarks>
    /// <param name="options">The request.</param>
    /// <param name="directory">The folder to write to; created if missing.</param>
    /// <param name="fileNamePrefix">The start of each file name; <c>image</c> when null.</param>
    /// <param name="cancellationToken">Cancels the request; no file of the call is left behind, and no existing file is replaced.</param>
    /// <returns>The result; each image has its <see cref="GeneratedImage.FilePath"/> and no <see cref="GeneratedImage.Bytes"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty, or <paramref name="fileNamePrefix"/> is not a plain file name.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise: the server could not be reached, timed out or answered unreadably (<see cref="ImagesInvalidResponseException"/>), a URL image could not be downloaded (<see cref="ImagesDownloadException"/>), or a file could not be written (<see cref="ImagesFileException"/>).</exception>
    public virtual Task<ImageResult> GenerateToFilesAsync(ImageGenerationOptions options, string directory, string? fileNamePrefix = null, CancellationToken cancellationToken = default) =>
        GenerateCoreAsync(options, ImageFileTarget.Create(directory, fileNamePrefix), cancellationToken);

    private Task<ImageResult> GenerateCoreAsync(ImageGenerationOptions options, ImageFileTarget? files, CancellationToken cancellationToken)
    {
        ImageCall call;
        try
        {
            call = PrepareGeneration(options, stream: false, files);
        }
        catch (Exception ex)
        {
            // As from an async method: a refused request is the returned task's failure, not the call's own throw.
            return Task.FromException<ImageResult>(ex);
        }

        // Not an async method: a call that completes at once (an in-process handler) makes one Task, no state machine.
        return _core.Pipeline.ExecuteObservedAsync(call, options.Prompt, _transport, _readResult, cancellationToken).AsTask();
    }

    /// <summary>Creates an image from a prompt and streams it: partial images as they are drawn, then the completed image (<c>stream: true</c>); GPT image models only.</summary>
    /// <remarks>
    /// The request is checked when this method is called. Retries and timeouts cover the request until the stream starts;
    /// after that, the caller's token governs, and cancelling it closes the connection. A stream that breaks off ends in
    /// an <see cref="ImagesStreamException"/>.
    /// </remarks>
    /// <param name="options">The request; <see cref="ImageRequestOptions.PartialImages"/> sets how many partial images to send (0–3).</param>
    /// <param name="cancellationToken">Cancels the request or the stream.</param>
    /// <returns>The events, ending with one <see cref="ImageCompletedEvent"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesException">The server answered with an error (<see cref="ImagesApiException"/>), the stream broke off (<see cref="ImagesStreamException"/>), or the call failed otherwise.</exception>
    public virtual IAsyncEnumerable<ImageStreamEvent> GenerateStreamingAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default)
    {
        ImageCall call = PrepareGeneration(options, stream: true, null);
        return _core.Pipeline.Telemetry.Observe(call, options.Prompt, StreamAsync(call, cancellationToken));
    }

    private ImageCall PrepareGeneration(ImageGenerationOptions options, bool stream, ImageFileTarget? files)
    {
        ThrowIfNull(options, nameof(options));
        string? model = ModelOf(options.Model);
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, ModelCatalog.Get(RulesModelOf(model)), stream, Context()));
        }

        ImageCall call = ImageRequestFactory.Generation(options, model, stream, files);
        _core.Log.Starting(call, options.Size, options.Prompt, RulesModelOf(model), _transport.Service);
        return call;
    }

    /// <summary>Edits or extends images from a prompt (<c>POST /images/edits</c>): multipart for files, streams and bytes; JSON when every image is a URL or file id.</summary>
    /// <param name="options">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The images and what the server said about them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or an image is missing or cannot be read; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise: the server could not be reached, timed out, or answered unreadably.</exception>
    public virtual Task<ImageResult> EditAsync(ImageEditOptions options, CancellationToken cancellationToken = default) =>
        EditCoreAsync(options, null, cancellationToken);

    /// <summary>Edits images from a prompt and writes each result to a file as it arrives, never holding an image in memory.</summary>
    /// <remarks>Files are named and written as by <see cref="GenerateToFilesAsync"/>.</remarks>
    /// <param name="options">The request.</param>
    /// <param name="directory">The folder to write to; created if missing.</param>
    /// <param name="fileNamePrefix">The start of each file name; <c>image</c> when null.</param>
    /// <param name="cancellationToken">Cancels the request; no file of the call is left behind, and no existing file is replaced.</param>
    /// <returns>The result; each image has its <see cref="GeneratedImage.FilePath"/> and no <see cref="GeneratedImage.Bytes"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty, or <paramref name="fileNamePrefix"/> is not a plain file name.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or an image is missing or cannot be read; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise, as for <see cref="GenerateToFilesAsync"/>.</exception>
    public virtual Task<ImageResult> EditToFilesAsync(ImageEditOptions options, string directory, string? fileNamePrefix = null, CancellationToken cancellationToken = default) =>
        EditCoreAsync(options, ImageFileTarget.Create(directory, fileNamePrefix), cancellationToken);

    private async Task<ImageResult> EditCoreAsync(ImageEditOptions options, ImageFileTarget? files, CancellationToken cancellationToken)
    {
        ImageCall call = await PrepareEditAsync(options, stream: false, files, cancellationToken).ConfigureAwait(false);
        return await _core.Pipeline.ExecuteObservedAsync(call, options.Prompt, _transport, _readResult, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Edits images from a prompt and streams the result: partial images, then the completed image (<c>stream: true</c>); GPT image models only.</summary>
    /// <remarks>Retries and timeouts cover the request until the stream starts; cancelling closes the connection.</remarks>
    /// <param name="options">The request; <see cref="ImageRequestOptions.PartialImages"/> sets how many partial images to send (0–3).</param>
    /// <param name="cancellationToken">Cancels the request or the stream.</param>
    /// <returns>The events, ending with one <see cref="ImageCompletedEvent"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesException">The server answered with an error (<see cref="ImagesApiException"/>), the stream broke off (<see cref="ImagesStreamException"/>), or the call failed otherwise.</exception>
    public virtual async IAsyncEnumerable<ImageStreamEvent> EditStreamingAsync(ImageEditOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ImageCall call = await PrepareEditAsync(options, stream: true, null, cancellationToken).ConfigureAwait(false);
        await foreach (ImageStreamEvent item in _core.Pipeline.Telemetry.Observe(call, options.Prompt, StreamAsync(call, cancellationToken)).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private async Task<ImageCall> PrepareEditAsync(ImageEditOptions options, bool stream, ImageFileTarget? files, CancellationToken cancellationToken)
    {
        ThrowIfNull(options, nameof(options));
        string? model = ModelOf(options.Model);
        IReadOnlyList<ImageInput> images = options.Images ?? [];
        string field = images.Count == 1 ? "image" : "image[]";
        ThrowIfInvalid(images.Select((image, i) => image is null ? new ImageValidationError($"{field}[{i}]", null, $"{field} {i} is null") : null).OfType<ImageValidationError>().ToArray());

        var infos = new ImageInfo[images.Count];
        for (int i = 0; i < infos.Length; i++)
        {
            infos[i] = await InspectAsync(images[i], $"{field}[{i}]", cancellationToken).ConfigureAwait(false);
        }

        ImageInfo? mask = options.Mask is { } maskInput ? await InspectAsync(maskInput, "mask", cancellationToken).ConfigureAwait(false) : null;
        ImageInfo? markup = options.Markup is { } markupInput ? await InspectAsync(markupInput, "markup", cancellationToken).ConfigureAwait(false) : null;
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, ModelCatalog.Get(RulesModelOf(model)), infos, mask, markup, stream, Context()));
        }

        ImageCall call = ImageRequestFactory.Edit(options, model, infos, mask, markup, stream, files);
        _core.Log.Starting(call, options.Size, options.Prompt, RulesModelOf(model), _transport.Service);
        return call;
    }

    /// <summary>Creates variations of an image (<c>POST /images/variations</c>, multipart); dall-e-2 only.</summary>
    /// <param name="options">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The images and what the server said about them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or the image is missing or cannot be read; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise: the server could not be reached, timed out, or answered unreadably.</exception>
    public virtual async Task<ImageResult> CreateVariationAsync(ImageVariationOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        if (options.Image is null)
        {
            ThrowIfInvalid([new ImageValidationError("image", null, "image is required")]);
        }

        string? model = ModelOf(options.Model);
        ImageInfo image = await InspectAsync(options.Image!, "image", cancellationToken).ConfigureAwait(false);
        if (_options.ValidateRequests)
        {
            string? rules = RulesModelOf(model);
            ThrowIfInvalid(RequestValidator.Check(options, rules is null && _options.Azure is null ? ModelCatalog.VariationDefault : ModelCatalog.Get(rules), image, Context()));
        }

        ImageCall call = ImageRequestFactory.Variation(options, model, image);
        _core.Log.Starting(call, options.Size, null, RulesModelOf(model), _transport.Service);
        return await _core.Pipeline.ExecuteObservedAsync(call, null, _transport, _readResult, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates images for many prompts, at most <paramref name="maxConcurrency"/> at a time, and returns a result per prompt whether it succeeded or failed.</summary>
    /// <remarks>One failure does not stop the others. Each request goes through <see cref="GenerateAsync"/>, so a substitute of that method applies here too. To handle each result as it completes, use <see cref="GenerateBatchStreamingAsync"/>.</remarks>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="maxConcurrency">How many requests may run at once (default 4).</param>
    /// <param name="cancellationToken">Cancels the whole batch; an <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>One result per request, in the order given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="requests"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    public async Task<IReadOnlyList<ImageBatchResult>> GenerateBatchAsync(
        IEnumerable<ImageGenerationOptions> requests,
        int maxConcurrency = 4,
        CancellationToken cancellationToken = default)
    {
        var results = new List<ImageBatchResult>();
        await foreach (ImageBatchResult result in GenerateBatchStreamingAsync(requests, maxConcurrency, cancellationToken).ConfigureAwait(false))
        {
            results.Add(result);
        }

        results.Sort(static (x, y) => x.Index.CompareTo(y.Index));
        return results;
    }

    /// <summary>Creates images for many prompts, at most <paramref name="maxConcurrency"/> at a time, and yields each prompt's result as soon as it completes.</summary>
    /// <remarks>
    /// Results come in the order they complete; <see cref="ImageBatchResult.Index"/> says which request each belongs to.
    /// A result handled as it arrives (saved, recorded) survives a later interrupt. One failure does not stop the
    /// others; each request goes through <see cref="GenerateAsync"/>.
    /// </remarks>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="maxConcurrency">How many requests may run at once (default 4).</param>
    /// <param name="cancellationToken">Cancels the whole batch: requests in flight are cancelled, and an <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>One result per request, as each completes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="requests"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    public IAsyncEnumerable<ImageBatchResult> GenerateBatchStreamingAsync(
        IEnumerable<ImageGenerationOptions> requests,
        int maxConcurrency = 4,
        CancellationToken cancellationToken = default)
    {
        ThrowIfNull(requests, nameof(requests));
        if (maxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "At least one request must be allowed to run.");
        }

        return BatchAsync(requests.ToArray(), maxConcurrency, cancellationToken);
    }

    private async IAsyncEnumerable<ImageBatchResult> BatchAsync(ImageGenerationOptions[] all, int maxConcurrency, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var running = new List<Task<ImageBatchResult>>(Math.Min(maxConcurrency, all.Length));

        // A consumer that stops early (break, dispose) cancels what is still in flight instead of leaving it running.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int next = 0;
        try
        {
            while (next < all.Length || running.Count > 0)
            {
                while (next < all.Length && running.Count < maxConcurrency)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    running.Add(OneAsync(next, all[next], stop.Token));
                    next++;
                }

                Task<ImageBatchResult> done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                yield return await done.ConfigureAwait(false);
            }
        }
        finally
        {
            stop.Cancel();
        }

        async Task<ImageBatchResult> OneAsync(int index, ImageGenerationOptions request, CancellationToken ct)
        {
            try
            {
                return new ImageBatchResult(index, request, await GenerateAsync(request, ct).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return new ImageBatchResult(index, request, null, ex);
            }
        }
    }

    // Read: the body as a stream, into memory or files. Runs inside the attempt, so the attempt timeout covers it; a
    // failure here comes after a success status and is never retried.
    // The reader opens the body, reads it and disposes the response: no async step of its own here.
    private ValueTask<ImageResult> ReadResultAsync(HttpResponseMessage response, ImageCall call, CancellationToken cancellationToken) =>
        ImagesResponseReader.ReadAsync(response, _transport.RequestIdOf(response), _downloader, call.Files, cancellationToken);

    // The pipeline covers the request until the stream starts; disposing the response closes the connection.
    private async IAsyncEnumerable<ImageStreamEvent> StreamAsync(ImageCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _core.Pipeline.ExecuteAsync(call, _transport, KeepResponse, cancellationToken).ConfigureAwait(false);
#if NET
        using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        await foreach (ImageStreamEvent item in ImageEventStreamReader.ReadAsync(body, _transport.RequestIdOf(response), _transport.Redact, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    // An input that cannot be read is the caller's mistake, named by its field before anything is sent.
    private static async ValueTask<ImageInfo> InspectAsync(ImageInput input, string field, CancellationToken cancellationToken)
    {
        try
        {
            return await input.InspectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageValidationException([new ImageValidationError(field, input.FileName, $"{field} could not be read: {ex.Message}")]);
        }
    }

    private ValidationContext Context() => new(_transport.Service, _options.TimeProvider);

    private string? ModelOf(ImageModel? model) => (model ?? _options.DefaultModel)?.Value;

    // The model whose rules apply: on Azure the one behind the deployment (the request's model is a deployment name).
    private string? RulesModelOf(string? sentModel) => _options.Azure is { } azure ? azure.Model?.Value : sentModel;

    private static void ThrowIfInvalid(IReadOnlyList<ImageValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ImageValidationException(errors);
        }
    }

    private static void ThrowIfNull(object? value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }
    }

    private static HttpMessageHandler CreateSharedHandler()
    {
#if NET
        return new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
#else
        return new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate };
#endif
    }
}
