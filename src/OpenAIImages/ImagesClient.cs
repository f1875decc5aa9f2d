using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAIImages.Costs;
using OpenAIImages.Diagnostics;
using OpenAIImages.Pipeline;
using OpenAIImages.Requests;
using OpenAIImages.Responses;

namespace OpenAIImages;

/// <summary>A client for the OpenAI Images API: create images from a prompt, edit images, and create variations.</summary>
/// <remarks>
/// <para>
/// Each call reads top to bottom, one layer a step: check the request against its model's rules and build it
/// (<c>Requests/</c>, <c>Catalog/</c>: before any byte is sent; see <see cref="ImagesClientOptions.ValidateRequests"/>),
/// send it (<c>Pipeline/</c>: deadline, rate limiter, retries, attempt timeout, transport; it returns the success
/// answer), then read that answer (<c>Responses/</c>: streamed, into memory or files). No layer calls back up.
/// </para>
/// <para>
/// Arguments: a null argument, or a file target that is not usable, throws at once; everything else (a request the
/// model's rules refuse, a server error, a timeout) comes out of the returned task or the enumeration. The client keeps
/// a copy of the options it was given. The methods are virtual so that your own tests can substitute them; thread-safe.
/// </para>
/// </remarks>
public class ImagesClient
{
    private static readonly Lazy<HttpMessageHandler> SharedHandler = new(CreateSharedHandler, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ImagesClientOptions _options = null!;
    private readonly ImagesClientCore _core = null!;
    private readonly ImageCallBuilder _calls = null!;
    private readonly ImagesTransport _transport = null!;
    private readonly ImageDownloader _downloader = null!;

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
        ThrowIfNull(httpClient, nameof(httpClient));
        _core = core;
        _options = core.Options;
        _transport = new ImagesTransport(httpClient, _options, core.Log.Logger);
        _calls = new ImageCallBuilder(_options, _transport.Service, core.Log, core.Catalog, core.Prices);
        _downloader = new ImageDownloader(httpClient, _transport.UserAgent, _options.DownloadTimeout, _options.TimeProvider);
    }

    /// <summary>Creates a client for a test double that overrides the methods it needs; the others throw.</summary>
    protected ImagesClient()
    {
    }

    /// <summary>Gets the options snapshot the client was built with (null for a test double), for the Microsoft.Extensions.AI adapter's metadata.</summary>
    internal ImagesClientOptions? Options => _options;

        /// <summary>Creates images from a prompt (<c>POST /images/generations</c>).</summary>
    /// <param name="options">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The images and what the server said about them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise: the server could not be reached, timed out, or answered unreadably.</exception>
    public virtual Task<ImageResult> GenerateAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        return GenerateCoreAsync(options, null, cancellationToken);
    }

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
    public virtual Task<ImageResult> GenerateToFilesAsync(ImageGenerationOptions options, string directory, string? fileNamePrefix = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        return GenerateCoreAsync(options, ImageFileTarget.Create(directory, fileNamePrefix), cancellationToken);
    }

    /// <summary>Creates an image from a prompt and streams it: partial images as they are drawn, then the completed image (<c>stream: true</c>); GPT image models only.</summary>
    /// <remarks>
    /// A null argument throws at once; the request is checked when the enumeration starts. Retries and timeouts cover the
    /// request until the stream starts; after that, the caller's token governs, and cancelling it closes the connection.
    /// A stream that breaks off, or ends before its completed image, ends in an <see cref="ImagesStreamException"/>.
    /// </remarks>
    /// <param name="options">The request; <see cref="ImageRequestOptions.PartialImages"/> sets how many partial images to send (0–3).</param>
    /// <param name="cancellationToken">Cancels the request or the stream.</param>
    /// <returns>The events, ending with one <see cref="ImageCompletedEvent"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesException">The server answered with an error (<see cref="ImagesApiException"/>), the stream broke off (<see cref="ImagesStreamException"/>), or the call failed otherwise.</exception>
    public virtual IAsyncEnumerable<ImageStreamEvent> GenerateStreamingAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        return GenerateStreamingCoreAsync(options, cancellationToken);
    }

    /// <summary>Edits or extends images from a prompt (<c>POST /images/edits</c>): multipart for files, streams and bytes; JSON when every image is a URL or file id.</summary>
    /// <param name="options">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The images and what the server said about them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or an image is missing or cannot be read; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise: the server could not be reached, timed out, or answered unreadably.</exception>
    public virtual Task<ImageResult> EditAsync(ImageEditOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        return EditCoreAsync(options, null, cancellationToken);
    }

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
    public virtual Task<ImageResult> EditToFilesAsync(ImageEditOptions options, string directory, string? fileNamePrefix = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        return EditCoreAsync(options, ImageFileTarget.Create(directory, fileNamePrefix), cancellationToken);
    }

    /// <summary>Edits images from a prompt and streams the result: partial images, then the completed image (<c>stream: true</c>); GPT image models only.</summary>
    /// <remarks>
    /// A null argument throws at once; the request is checked when the enumeration starts. Retries and timeouts cover the
    /// request until the stream starts; after that, the caller's token governs, and cancelling it closes the connection.
    /// A stream that breaks off, or ends before its completed image, ends in an <see cref="ImagesStreamException"/>.
    /// </remarks>
    /// <param name="options">The request; <see cref="ImageRequestOptions.PartialImages"/> sets how many partial images to send (0–3).</param>
    /// <param name="cancellationToken">Cancels the request or the stream.</param>
    /// <returns>The events, ending with one <see cref="ImageCompletedEvent"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesException">The server answered with an error (<see cref="ImagesApiException"/>), the stream broke off (<see cref="ImagesStreamException"/>), or the call failed otherwise.</exception>
    public virtual IAsyncEnumerable<ImageStreamEvent> EditStreamingAsync(ImageEditOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        return EditStreamingCoreAsync(options, cancellationToken);
    }

    /// <summary>Creates variations of an image (<c>POST /images/variations</c>, multipart); dall-e-2 only.</summary>
    /// <param name="options">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The images and what the server said about them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or the image is missing or cannot be read; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed otherwise: the server could not be reached, timed out, or answered unreadably.</exception>
    public virtual Task<ImageResult> CreateVariationAsync(ImageVariationOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        return VariationCoreAsync(options, cancellationToken);
    }

    /// <summary>Works out the most a generation can cost, before anything is sent, from the model's prices (<see cref="ImagesClientOptions.Prices"/>).</summary>
    /// <remarks>A request with <see cref="ImageRequestOptions.PartialImages"/> is checked and priced as a stream. Nothing is sent.</remarks>
    /// <param name="options">The request.</param>
    /// <returns>The estimate: <see cref="ImageCostEstimate.Amount"/> null when the model has no known price.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, as a call would find.</exception>
    public virtual ImageCostEstimate EstimateCost(ImageGenerationOptions options)
    {
        ThrowIfNull(options, nameof(options));
        return _calls.EstimateGeneration(options);
    }

    /// <summary>Works out the most an edit can cost, before anything is sent, without reading its files.</summary>
    /// <remarks>
    /// Input images are priced at the most tokens the model's documented figures allow for one image (the mask counted as
    /// one more), since their files are not read; <see cref="ImageCostEstimate.Breakdown"/> says so. The rules of the
    /// files' contents (format, bytes, shape) are checked when the edit is sent.
    /// </remarks>
    /// <param name="options">The request.</param>
    /// <returns>The estimate: <see cref="ImageCostEstimate.Amount"/> null when the model has no known price.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, as a call would find.</exception>
    public virtual ImageCostEstimate EstimateCost(ImageEditOptions options)
    {
        ThrowIfNull(options, nameof(options));
        return _calls.EstimateEdit(options);
    }

    /// <summary>Works out the most a variation can cost, before anything is sent, without reading its image.</summary>
    /// <param name="options">The request.</param>
    /// <returns>The estimate: <see cref="ImageCostEstimate.Amount"/> null when the model has no known price.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, as a call would find.</exception>
    public virtual ImageCostEstimate EstimateCost(ImageVariationOptions options)
    {
        ThrowIfNull(options, nameof(options));
        return _calls.EstimateVariation(options);
    }

    // Each operation: check and build, send, read.
    private async Task<ImageResult> GenerateCoreAsync(ImageGenerationOptions options, ImageFileTarget? files, CancellationToken cancellationToken)
    {
        ImageCall call = _calls.Generation(options, stream: false, files);
        return await SendAndReadAsync(call, options.Prompt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageResult> EditCoreAsync(ImageEditOptions options, ImageFileTarget? files, CancellationToken cancellationToken)
    {
        ImageCall call = await _calls.EditAsync(options, stream: false, files, cancellationToken).ConfigureAwait(false);
        return await SendAndReadAsync(call, options.Prompt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageResult> VariationCoreAsync(ImageVariationOptions options, CancellationToken cancellationToken)
    {
        ImageCall call = await _calls.VariationAsync(options, cancellationToken).ConfigureAwait(false);
        return await SendAndReadAsync(call, null, cancellationToken).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<ImageStreamEvent> GenerateStreamingCoreAsync(ImageGenerationOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ImageCall call = _calls.Generation(options, stream: true, null);
        await foreach (ImageStreamEvent item in _core.Telemetry.Observe(call, options.Prompt, SendAndStreamAsync(call, cancellationToken)).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private async IAsyncEnumerable<ImageStreamEvent> EditStreamingCoreAsync(ImageEditOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ImageCall call = await _calls.EditAsync(options, stream: true, null, cancellationToken).ConfigureAwait(false);
        await foreach (ImageStreamEvent item in _core.Telemetry.Observe(call, options.Prompt, SendAndStreamAsync(call, cancellationToken)).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    // Send, then read the answer into memory or files, inside the operation's telemetry. The attempt's time limit keeps
    // running while the body is read; a failure while reading comes after the pipeline returned, so it is never retried.
    private async ValueTask<ImageResult> SendAndReadAsync(ImageCall call, string? prompt, CancellationToken cancellationToken)
    {
        using OperationScope? scope = _core.Telemetry.Start(call, prompt);
        try
        {
            BudgetHold? budget = _core.Budget is { } budgets ? await budgets.ReserveAsync(call, cancellationToken).ConfigureAwait(false) : null;
            using ImagesResponse answer = await SendAsync(call, budget, cancellationToken).ConfigureAwait(false);
            call.Report(new ImageCallProgress(ImageCallPhase.Reading));
            ImageResult result;
            try
            {
                result = await ImagesResponseReader.ReadAsync(answer.Message, answer.RequestId, _downloader, call.Files, call.Progress, answer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (answer.TimeoutOf(ex) is { } timeout)
            {
                throw timeout;
            }

            result.Pricing = call.Cost;
            if (budget is not null)
            {
                await budget.SettleAsync(result.Cost?.Amount).ConfigureAwait(false);
            }

            scope?.Succeeded(result);
            return result;
        }
        catch (Exception ex) when (scope is not null)
        {
            scope.Failed(ex);
            throw;
        }
    }

    // Send, then read the events as they arrive; disposing the answer closes the connection.
    private async IAsyncEnumerable<ImageStreamEvent> SendAndStreamAsync(ImageCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BudgetHold? budget = _core.Budget is { } budgets ? await budgets.ReserveAsync(call, cancellationToken).ConfigureAwait(false) : null;
        using ImagesResponse answer = await SendAsync(call, budget, cancellationToken).ConfigureAwait(false);

        // The attempt's time limit covers the request until the stream starts; after that the caller's token governs.
        answer.EndTimeLimit();
        call.Report(new ImageCallProgress(ImageCallPhase.Reading));
#if NET
        using Stream body = await answer.Message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using Stream body = await answer.Message.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        await foreach (ImageStreamEvent item in ImageEventStreamReader.ReadAsync(body, answer.RequestId, _transport.Redact, cancellationToken).ConfigureAwait(false))
        {
            if (item is ImageCompletedEvent completed)
            {
                completed.Pricing = call.Cost;
                if (budget is not null)
                {
                    // Settled before the caller sees it; a stream that breaks before then keeps its estimate (it was paid for).
                    await budget.CompletedAsync(completed.Cost?.Amount, call.Images).ConfigureAwait(false);
                }
            }

            yield return item;
        }
    }

    // The pipeline's success answer. A call with a budget reserved before it was sent gives the reservation back when it
    // fails before that answer; after it, the images are paid for, so the reservation stays until it is settled.
    private ValueTask<ImagesResponse> SendAsync(ImageCall call, BudgetHold? budget, CancellationToken cancellationToken) =>
        budget is null ? _core.Pipeline.SendAsync(call, _transport, cancellationToken) : SendHoldingAsync(call, budget, cancellationToken);

    private async ValueTask<ImagesResponse> SendHoldingAsync(ImageCall call, BudgetHold budget, CancellationToken cancellationToken)
    {
        try
        {
            return await _core.Pipeline.SendAsync(call, _transport, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await budget.ReleaseAsync().ConfigureAwait(false);
            throw;
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
