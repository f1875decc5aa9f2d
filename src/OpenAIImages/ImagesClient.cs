using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAIImages.Catalog;
using OpenAIImages.Errors;
using OpenAIImages.Http;
using OpenAIImages.Requests;
using OpenAIImages.Responses;

namespace OpenAIImages;

/// <summary>A client for the OpenAI Images API: create images from a prompt, edit images, and create variations.</summary>
/// <remarks>
/// Every request is checked against the model catalog before any byte is sent (see
/// <see cref="ImagesClientOptions.ValidateRequests"/>), then sent through the <see cref="HttpClient"/> given, and the
/// response is read as a stream. The methods are virtual so that your own tests can substitute them; thread-safe.
/// </remarks>
public class ImagesClient
{
    private static readonly Lazy<HttpMessageHandler> SharedHandler = new(CreateSharedHandler, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly HttpClient _http = null!;
    private readonly ImagesClientOptions _options = null!;
    private readonly Uri _baseAddress = null!;
    private readonly string _userAgent = string.Empty;
    private readonly string? _authorization;
    private readonly bool _isOpenAIService;
    private readonly Uri _generationsUri = null!;
    private readonly Uri _editsUri = null!;
    private readonly Uri _variationsUri = null!;
    private readonly ImageDownloader _downloader = null!;
    private readonly Func<ImageCall, CancellationToken, ValueTask<ImageResult>> _sendOnce = null!;
    private readonly Func<ImageCall, CancellationToken, ValueTask<HttpResponseMessage>> _sendRequest = null!;
    private readonly ImagesPipeline _pipeline = null!;
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates a client that sends through a shared connection pool.</summary>
    /// <param name="options">The settings; an API key or key provider is required.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are not usable; see <see cref="ImagesClientOptions.Validate"/>.</exception>
    public ImagesClient(ImagesClientOptions options)
        : this(new HttpClient(SharedHandler.Value, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, options)
    {
    }

    /// <summary>Creates a client that sends through <paramref name="httpClient"/>, for example one from <c>IHttpClientFactory</c> or one with a mocked handler.</summary>
    /// <param name="httpClient">The client to send with; its handlers (retries, logging) apply. Put no credentials in its default headers.</param>
    /// <param name="options">The settings; an API key or key provider is required.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are not usable; see <see cref="ImagesClientOptions.Validate"/>.</exception>
    public ImagesClient(HttpClient httpClient, ImagesClientOptions options)
        : this(httpClient, options, NullLoggerFactory.Instance)
    {
    }

    /// <summary>Creates a client that sends through <paramref name="httpClient"/> and logs through <paramref name="loggerFactory"/>.</summary>
    /// <param name="httpClient">The client to send with; its handlers apply. Put no credentials in its default headers.</param>
    /// <param name="options">The settings; an API key or key provider is required. Do not change them after this call.</param>
    /// <param name="loggerFactory">Where log events go (category <c>OpenAIImages.ImagesClient</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are not usable; see <see cref="ImagesClientOptions.Validate"/>.</exception>
    public ImagesClient(HttpClient httpClient, ImagesClientOptions options, ILoggerFactory loggerFactory)
        : this(httpClient, options, null, (loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory))).CreateLogger<ImagesClient>())
    {
    }

    /// <summary>Creates a client that shares <paramref name="pipeline"/> (and so its rate limiter) with others of the same name.</summary>
    internal ImagesClient(HttpClient httpClient, ImagesClientOptions options, ImagesPipeline? pipeline, ILogger logger)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        // Relative paths resolve below the base address only when it ends with a slash.
        Uri baseAddress = options.BaseAddress;
        _baseAddress = baseAddress.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _isOpenAIService = string.Equals(_baseAddress.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase);
        _generationsUri = new Uri(_baseAddress, "images/generations");
        _editsUri = new Uri(_baseAddress, "images/edits");
        _variationsUri = new Uri(_baseAddress, "images/variations");
        _userAgent = CreateUserAgent(options.UserAgentSuffix);
        _authorization = options.ApiKeyProvider is null ? "Bearer " + options.ApiKey : null;
        _downloader = new ImageDownloader(httpClient, _userAgent, options.DownloadTimeout, options.TimeProvider);
        _sendOnce = SendOnceAsync;
        _sendRequest = SendRequestAsync;
        _logger = logger;
        _pipeline = pipeline ?? new ImagesPipeline(options, logger);
    }

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
    /// <exception cref="ImagesException">The call failed: the server could not be reached, timed out, or answered unreadably.</exception>
    public virtual Task<ImageResult> GenerateAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default) =>
        GenerateCoreAsync(options, null, cancellationToken);

    /// <summary>Creates images from a prompt and writes each one to a file as it arrives, never holding an image in memory.</summary>
    /// <remarks>
    /// Image <c>i</c> goes to <c>{directory}/{fileNamePrefix}-{i}{extension}</c>, the extension read from the image's own
    /// bytes (<c>.png</c>, <c>.jpg</c>, <c>.webp</c>, <c>.gif</c>, <c>.svg</c>). Each file is written completely or not at
    /// all (a temporary file, then a rename), replacing any file of that name. URL images are downloaded, without the API key.
    /// </remarks>
    /// <param name="options">The request.</param>
    /// <param name="directory">The folder to write to; created if missing.</param>
    /// <param name="fileNamePrefix">The start of each file name; <c>image</c> when null.</param>
    /// <param name="cancellationToken">Cancels the request; a file being written is removed.</param>
    /// <returns>The result; each image has its <see cref="GeneratedImage.FilePath"/> and no <see cref="GeneratedImage.Bytes"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty, or <paramref name="fileNamePrefix"/> is not a plain file name.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed: the server could not be reached, timed out or answered unreadably, a URL image could not be downloaded, or a file could not be written.</exception>
    public virtual Task<ImageResult> GenerateToFilesAsync(ImageGenerationOptions options, string directory, string? fileNamePrefix = null, CancellationToken cancellationToken = default) =>
        GenerateCoreAsync(options, ImageFileTarget.Create(directory, fileNamePrefix), cancellationToken);

    private async Task<ImageResult> GenerateCoreAsync(ImageGenerationOptions options, ImageFileTarget? files, CancellationToken cancellationToken)
    {
        ThrowIfNull(options, nameof(options));
        string? model = ModelOf(options.Model);
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, ModelCatalog.Get(model), stream: false, Context()));
        }

        var call = new ImageCall(options, model, stream: false, _generationsUri, files);
        LogStart(call, options.Size, options.Prompt);
        return await _pipeline.ExecuteAsync(call, _sendOnce, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates an image from a prompt and streams it: partial images as they are drawn, then the completed image (<c>stream: true</c>); GPT image models only.</summary>
    /// <remarks>
    /// Retries and timeouts cover the request until the stream starts; after that, the caller's token governs, and
    /// cancelling it closes the connection. A stream that breaks off ends in an <see cref="ImagesStreamException"/>.
    /// </remarks>
    /// <param name="options">The request; <see cref="ImageRequestOptions.PartialImages"/> sets how many partial images to send (0–3).</param>
    /// <param name="cancellationToken">Cancels the request or the stream.</param>
    /// <returns>The events, ending with one <see cref="ImageCompletedEvent"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error, or the stream broke off (<see cref="ImagesStreamException"/>).</exception>
    public virtual IAsyncEnumerable<ImageStreamEvent> GenerateStreamingAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        string? model = ModelOf(options.Model);
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, ModelCatalog.Get(model), stream: true, Context()));
        }

        var call = new ImageCall(options, model, stream: true, _generationsUri, null);
        LogStart(call, options.Size, options.Prompt);
        return StreamAsync(call, cancellationToken);
    }

    /// <summary>Edits or extends images from a prompt (<c>POST /images/edits</c>, multipart).</summary>
    /// <param name="options">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The images and what the server said about them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or an image is missing; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed: the server could not be reached, timed out, or answered unreadably.</exception>
    /// <exception cref="IOException">An input image could not be read.</exception>
    public virtual Task<ImageResult> EditAsync(ImageEditOptions options, CancellationToken cancellationToken = default) =>
        EditCoreAsync(options, null, cancellationToken);

    /// <summary>Edits images from a prompt and writes each result to a file as it arrives, never holding an image in memory.</summary>
    /// <remarks>Files are named and written as by <see cref="GenerateToFilesAsync"/>.</remarks>
    /// <param name="options">The request.</param>
    /// <param name="directory">The folder to write to; created if missing.</param>
    /// <param name="fileNamePrefix">The start of each file name; <c>image</c> when null.</param>
    /// <param name="cancellationToken">Cancels the request; a file being written is removed.</param>
    /// <returns>The result; each image has its <see cref="GeneratedImage.FilePath"/> and no <see cref="GeneratedImage.Bytes"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty, or <paramref name="fileNamePrefix"/> is not a plain file name.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or an image is missing; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed: the server could not be reached, timed out or answered unreadably, a URL image could not be downloaded, or a file could not be written.</exception>
    /// <exception cref="IOException">An input image could not be read.</exception>
    public virtual Task<ImageResult> EditToFilesAsync(ImageEditOptions options, string directory, string? fileNamePrefix = null, CancellationToken cancellationToken = default) =>
        EditCoreAsync(options, ImageFileTarget.Create(directory, fileNamePrefix), cancellationToken);

    private async Task<ImageResult> EditCoreAsync(ImageEditOptions options, ImageFileTarget? files, CancellationToken cancellationToken)
    {
        ImageCall call = await PrepareEditAsync(options, stream: false, files, cancellationToken).ConfigureAwait(false);
        return await _pipeline.ExecuteAsync(call, _sendOnce, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Edits images from a prompt and streams the result: partial images, then the completed image (<c>stream: true</c>); GPT image models only.</summary>
    /// <remarks>Retries and timeouts cover the request until the stream starts; cancelling closes the connection.</remarks>
    /// <param name="options">The request; <see cref="ImageRequestOptions.PartialImages"/> sets how many partial images to send (0–3).</param>
    /// <param name="cancellationToken">Cancels the request or the stream.</param>
    /// <returns>The events, ending with one <see cref="ImageCompletedEvent"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error, or the stream broke off (<see cref="ImagesStreamException"/>).</exception>
    public virtual async IAsyncEnumerable<ImageStreamEvent> EditStreamingAsync(ImageEditOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ImageCall call = await PrepareEditAsync(options, stream: true, null, cancellationToken).ConfigureAwait(false);
        await foreach (ImageStreamEvent item in StreamAsync(call, cancellationToken).ConfigureAwait(false))
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
            infos[i] = await images[i].InspectAsync(cancellationToken).ConfigureAwait(false);
        }

        ImageInfo? mask = options.Mask is { } maskInput ? await maskInput.InspectAsync(cancellationToken).ConfigureAwait(false) : null;
        ImageInfo? markup = options.Markup is { } markupInput ? await markupInput.InspectAsync(cancellationToken).ConfigureAwait(false) : null;
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, ModelCatalog.Get(model), infos, mask, markup, stream, Context()));
        }

        Func<HttpContent> content = RequestValidator.IsJsonEdit(options)
            ? () => JsonRequestWriter.Create(options, model, stream)
            : () => MultipartRequestWriter.Create(options, model, infos, mask, markup, stream);
        var call = new ImageCall("edit", model, options.EndUser, options.N ?? 1, _editsUri, content, files);
        LogStart(call, options.Size, options.Prompt);
        return call;
    }

    /// <summary>Creates variations of an image (<c>POST /images/variations</c>, multipart); dall-e-2 only.</summary>
    /// <param name="options">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The images and what the server said about them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or the image is missing; nothing was sent.</exception>
    /// <exception cref="ImagesApiException">The server answered with an error; the subclass tells which.</exception>
    /// <exception cref="ImagesException">The call failed: the server could not be reached, timed out, or answered unreadably.</exception>
    /// <exception cref="IOException">The input image could not be read.</exception>
    public virtual async Task<ImageResult> CreateVariationAsync(ImageVariationOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(options, nameof(options));
        if (options.Image is null)
        {
            ThrowIfInvalid([new ImageValidationError("image", null, "image is required")]);
        }

        string? model = ModelOf(options.Model);
        ImageInfo image = await options.Image!.InspectAsync(cancellationToken).ConfigureAwait(false);
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, model is null ? ModelCatalog.VariationDefault : ModelCatalog.Get(model), image, Context()));
        }

        var call = new ImageCall("variation", model, options.User, options.N ?? 1, _variationsUri, () => MultipartRequestWriter.Create(options, model, image));
        LogStart(call, options.Size, null);
        return await _pipeline.ExecuteAsync(call, _sendOnce, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates images for many prompts, at most <paramref name="maxConcurrency"/> at a time, and returns a result per prompt whether it succeeded or failed.</summary>
    /// <remarks>One failure does not stop the others. Each request goes through <see cref="GenerateAsync"/>, so a substitute of that method applies here too.</remarks>
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
        ThrowIfNull(requests, nameof(requests));
        if (maxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "At least one request must be allowed to run.");
        }

        ImageGenerationOptions[] all = requests.ToArray();
        using var gate = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        Task<ImageBatchResult>[] tasks = all.Select(async (request, index) =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return new ImageBatchResult(index, request, await GenerateAsync(request, cancellationToken).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new ImageBatchResult(index, request, null, ex);
            }
            finally
            {
                gate.Release();
            }
        }).ToArray();

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    // One attempt; every attempt builds a fresh request, so the key is asked for again and a body is rebuilt.
    private async ValueTask<ImageResult> SendOnceAsync(ImageCall call, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendRequestAsync(call, cancellationToken).ConfigureAwait(false);
        string? requestId = RequestIdOf(response);
#if NET
        using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        try
        {
            return await ImagesResponseReader.ReadAsync(body, (int)response.StatusCode, requestId, _downloader, call.Files, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            var details = new ImagesApiErrorDetails((int)response.StatusCode, null, null, null, ex.Message, requestId, null);
            throw new ImagesInvalidResponseException($"The Images API answered {(int)response.StatusCode} but its body could not be read: {ex.Message}", details, ex);
        }
    }

    // The pipeline covers the request until the stream starts; disposing the response closes the connection.
    private async IAsyncEnumerable<ImageStreamEvent> StreamAsync(ImageCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _pipeline.ExecuteAsync(call, _sendRequest, cancellationToken).ConfigureAwait(false);
#if NET
        using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        await foreach (ImageStreamEvent item in ImageEventStreamReader.ReadAsync(body, RequestIdOf(response), static text => Internal.Redaction.Text(text, null), cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;

    /// <summary>Sends one attempt and returns the successful response, headers read; an error status becomes a typed exception.</summary>
    private async ValueTask<HttpResponseMessage> SendRequestAsync(ImageCall call, CancellationToken cancellationToken)
    {
        long started = _options.TimeProvider.GetTimestamp();
        string? apiKey = _authorization is null ? await ApiKeyAsync(cancellationToken).ConfigureAwait(false) : _options.ApiKey;
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Uri) { Content = call.CreateContent() };

        // Header values built once per client and added unparsed: a call allocates no header objects of its own.
        request.Headers.TryAddWithoutValidation("Authorization", _authorization ?? "Bearer " + apiKey);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);

        if (_options.Organization is { Length: > 0 } organization)
        {
            request.Headers.TryAddWithoutValidation("OpenAI-Organization", organization);
        }

        if (_options.Project is { Length: > 0 } project)
        {
            request.Headers.TryAddWithoutValidation("OpenAI-Project", project);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new ImagesConnectionException($"The {call.Operation} request could not reach {call.Uri.Host}: {ex.Message}", ex);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.ResponseReceived(_logger, call.Operation, (int)response.StatusCode, _options.TimeProvider.GetElapsedTime(started).TotalMilliseconds, RequestIdOf(response));
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ApiErrorFactory.CreateAsync(response, apiKey, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    private async ValueTask<string?> ApiKeyAsync(CancellationToken cancellationToken)
    {
        if (_options.ApiKeyProvider is { } provider)
        {
            string key = await provider(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new InvalidOperationException("ImagesClientOptions.ApiKeyProvider returned no API key.");
            }

            return key;
        }

        return _options.ApiKey;
    }

    private ValidationContext Context() => new(IsOpenAIService, _options.TimeProvider.GetUtcNow());

    // Lifecycle dates are OpenAI's; Azure and compatible servers keep their own.
    private bool IsOpenAIService => _isOpenAIService;

    private void LogStart(ImageCall info, ImageSize? size, string? prompt)
    {
        if (info.Model is { } model && IsOpenAIService && ModelCatalog.Get(model) is { ShutdownDate: { } shutdown } profile
            && shutdown > _options.TimeProvider.GetUtcNow() && _pipeline.FirstDeprecationWarning(model))
        {
            Log.ModelDeprecated(_logger, model, shutdown.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), profile.Replacement ?? "a current model");
        }

        Log.RequestStarting(_logger, info.Operation, info.Model ?? "(server default)", info.Images, size?.Value ?? "(default)");
        if (prompt is not null)
        {
            Log.RequestPrompt(_logger, info.Operation, prompt);
        }
    }

    private string? ModelOf(ImageModel? model) => (model ?? _options.DefaultModel)?.Value;

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

    private static string CreateUserAgent(string? suffix)
    {
        string version = typeof(ImagesClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        int plus = version.IndexOf('+');
        var products = new List<ProductInfoHeaderValue>
        {
            new("OpenAIImages", plus > 0 ? version.Substring(0, plus) : version),
            new("(" + RuntimeInformation.FrameworkDescription.Replace("(", string.Empty).Replace(")", string.Empty) + "; " + RuntimeInformation.OSDescription.Replace("(", string.Empty).Replace(")", string.Empty).Trim() + ")"),
        };

        if (!string.IsNullOrWhiteSpace(suffix) && ProductInfoHeaderValue.TryParse(suffix, out ProductInfoHeaderValue? extra))
        {
            products.Add(extra);
        }

        return string.Join(" ", products);
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
