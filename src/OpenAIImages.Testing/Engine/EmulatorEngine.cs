using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Batches;
using OpenAIImages.Testing.Imaging;
using OpenAIImages.Testing.Rules;

namespace OpenAIImages.Testing.Engine;

/// <summary>
/// The one implementation of the emulated service that both transports call: routing, recording, scripted faults,
/// authentication, validation and the answer. It never touches the network.
/// </summary>
internal sealed class EmulatorEngine
{
    private const string ImagesRoute = "/emulator/images/";

    private const string AzureDeploymentNotFound =
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.";

    private readonly ImagesEmulatorOptions _options;
    private readonly ServiceModels _models;
    private readonly Dictionary<string, string> _deployments;
    private readonly ImageStore _images = new();
    private readonly Queue<EmulatedFault> _faults = new();
    private readonly Queue<EmulatedRequest> _requests = new();
    private readonly int? _maxRecorded;
    private readonly Lock _gate = new();
    private readonly BatchApi _batches;
    private readonly Credentials _credentials;
    private readonly EmulatedLatency _latency;
    private readonly ImageRateLimiter? _limiter;
    private readonly string _uploadBufferDirectory;

    public EmulatorEngine(ImagesEmulatorOptions options)
    {
        _options = new ImagesEmulatorOptions
        {
            RequireApiKey = options.RequireApiKey,
            ApiKey = options.ApiKey,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
            Azure = options.Azure,
        };
        _models = new ServiceModels(options.CustomModels, withoutWebp: options.Azure);
        _deployments = new Dictionary<string, string>(options.Deployments, StringComparer.Ordinal);
        _credentials = new Credentials(options.RequireApiKey, options.ApiKey);
        _latency = options.Latency ?? EmulatedLatency.None;
        _uploadBufferDirectory = options.UploadBufferDirectory;
        _limiter = options.ImagesPerMinute is > 0 and int perMinute ? new ImageRateLimiter(perMinute, _options.TimeProvider) : null;
        foreach (EmulatedFault fault in options.FaultSchedule)
        {
            _faults.Enqueue(fault);
        }
        _maxRecorded = options.MaxRecordedRequests;
        _batches = new BatchApi(_options.TimeProvider, options.BatchCompletionDelay, options.BatchPollsToComplete, AnswerBatchLineAsync);
    }

    /// <summary>Gets whether the engine serves Azure OpenAI's API rather than OpenAI's.</summary>
    public bool Azure => _options.Azure;

    public BatchApi Batches => _batches;

    public IReadOnlyList<EmulatedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public void Enqueue(int count, EmulatedFault fault)
    {
        lock (_gate)
        {
            for (int i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    /// <summary>Answers one request; every answer (but a dropped connection) carries <c>x-request-id</c>, or in Azure mode <c>apim-request-id</c> and <c>x-ms-request-id</c>.</summary>
    /// <exception cref="OperationCanceledException">The request was cancelled during a <see cref="EmulatedFault.Delay(TimeSpan)"/>.</exception>
    public async Task<EngineResponse> HandleAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        EngineResponse response = await AnswerAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.DropConnection)
        {
            return response;
        }

        if (_options.Azure)
        {
            string id = Guid.NewGuid().ToString("D");
            response.Headers.Add(new("apim-request-id", id));
            response.Headers.Add(new("x-ms-request-id", id));
        }
        else
        {
            response.Headers.Add(new("x-request-id", "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));
        }

        return response;
    }

    private async Task<EngineResponse> AnswerAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        string path = request.Path.Length > 1 ? request.Path.TrimEnd('/') : request.Path;
        string prefix = !_options.Azure && path.StartsWith("/v1/", StringComparison.Ordinal) ? "/v1" : string.Empty;
        string route = path[prefix.Length..];

        if (route.StartsWith(ImagesRoute, StringComparison.Ordinal))
        {
            return ServeImage(request.Method, route[ImagesRoute.Length..]);
        }

        AzureRoute? azure = _options.Azure ? AzureRoute.Parse(route, request.Query) : null;
        Endpoint endpoint = _options.Azure && azure is null ? Endpoint.None : EndpointOf(azure?.Operation ?? route);

        string? contentType = request.Header("Content-Type");
        using RequestBody body = await BodyReader.ReadAsync(contentType, request.Body, _uploadBufferDirectory, cancellationToken).ConfigureAwait(false);
        Record(request, body);

        bool batchRoute = !_options.Azure && BatchApi.Serves(route); // the Batch API is OpenAI's
        if (endpoint == Endpoint.None && !batchRoute)
        {
            return _options.Azure
                ? ErrorWriter.Azure(404, "404", "Resource not found")
                : ErrorWriter.Create(404, $"Invalid URL ({request.Method} {request.Path})", "invalid_request_error", null, null);
        }

        if (!batchRoute && !string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorWriter.Create(405, $"Method not allowed: {request.Method} {request.Path} (use POST).", "invalid_request_error", null, "method_not_allowed");
        }

        EmulatedFault? fault = NextFault();
        EmulatedFault? bodyFault = null;
        switch (fault?.Kind)
        {
            case null:
                break;
            case FaultKind.DroppedConnection:
                return EngineResponse.Dropped();
            case FaultKind.Delay:
                await Task.Delay(fault.Duration, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.SlowBody or FaultKind.ResetMidBody:
                bodyFault = fault;
                break;
            default:
                return ErrorWriter.Create(fault);
        }

        EngineResponse response;
        try
        {
            response = batchRoute
                ? await AnswerBatchRouteAsync(request, route, body, prefix).ConfigureAwait(false)
                : await AnswerImagesAsync(request, endpoint, azure, body, prefix, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiErrorException error)
        {
            response = ErrorWriter.Create(error);
        }

        return bodyFault is null ? response : BodyPacing.Apply(bodyFault, response, _options.TimeProvider);
    }

    private async Task<EngineResponse> AnswerBatchRouteAsync(EngineRequest request, string route, RequestBody body, string prefix)
    {
        _credentials.Check(request);
        return await _batches.AnswerAsync(request.Method, route, body, request.Origin + prefix).ConfigureAwait(false);
    }

    /// <summary>An images request past its faults: keys, checks, the per-key limit, then the answer after the latency profile's time.</summary>
    private async Task<EngineResponse> AnswerImagesAsync(EngineRequest request, Endpoint endpoint, AzureRoute? azure, RequestBody body, string prefix, CancellationToken cancellationToken)
    {
        string? modelId = null;
        if (azure is null)
        {
            _credentials.Check(request);
        }
        else
        {
            _credentials.CheckAzure(request);
            modelId = DeploymentModel(azure, endpoint, body);
        }

        ImageJob job = RequestChecks.Validate(endpoint, body, _models, modelId);
        var limitHeaders = new List<KeyValuePair<string, string>>();
        if (_limiter is not null && azure is null)
        {
            string key = request.Header("Authorization") ?? request.Header("api-key") ?? string.Empty;
            if (_limiter.Take(key, job.Model.Id, job.N, limitHeaders) is { } limited)
            {
                return limited;
            }
        }

        TimeSpan latency = _latency.For(job.Model.RulesOf, job.Quality); // a custom model takes the time of the model it follows
        EngineResponse response;
        if (job.Stream)
        {
            response = new ResultWriter(job, _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(), _options.Azure).WriteEvents(latency);
            response.Clock = _options.TimeProvider;
        }
        else
        {
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            // Created when done, as the service stamps it.
            response = new ResultWriter(job, _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(), _options.Azure)
                .WriteJson(image => $"{request.Origin}{prefix}{ImagesRoute}{_images.Add(image, job.OutputFormat)}");
        }

        response.Headers.AddRange(limitHeaders);
        return response;
    }

    private static Endpoint EndpointOf(string route) => route switch
    {
        "/images/generations" => Endpoint.Generations,
        "/images/edits" => Endpoint.Edits,
        "/images/variations" => Endpoint.Variations,
        _ => Endpoint.None,
    };

    /// <summary>The model behind the request's deployment: from the path (with its api-version) or, on the v1 form, the <c>model</c> field.</summary>
    private string DeploymentModel(AzureRoute route, Endpoint endpoint, RequestBody body)
    {
        string deployment;
        if (route.IsV1)
        {
            // A body that could not be read is answered by the validator, with its own wording.
            if (body.Error is not null)
            {
                return string.Empty;
            }

            deployment = new FieldReader(body).String("model")
                ?? throw ApiErrorException.Invalid("model", "missing_required_parameter", "Missing required parameter: 'model' (the name of the deployment to call).");
        }
        else
        {
            if (route.ApiVersion is null)
            {
                // Azure answers a deployment path without api-version as a path it does not know.
                throw ApiErrorException.Azure(404, "404", "Resource not found");
            }

            deployment = route.Deployment!;
        }

        string model = _deployments.GetValueOrDefault(deployment) ?? deployment;
        ServiceModel profile = _models.Find(model) ?? throw ApiErrorException.Azure(404, "DeploymentNotFound", AzureDeploymentNotFound);
        if (!profile.Endpoints.HasFlag(endpoint))
        {
            throw ApiErrorException.Azure(
                400,
                "OperationNotSupported",
                $"The images/{endpoint.ToString().ToLowerInvariant()} operation does not work with the specified model, {model}. Please choose a different model and try again.");
        }

        return model;
    }

    // A batch's line, answered as its endpoint answers a request: validation, then the images, as b64_json or URLs.
    private async Task<EngineResponse> AnswerBatchLineAsync(Endpoint endpoint, byte[] json, string origin)
    {
        using RequestBody body = await BodyReader.ReadAsync("application/json", json, CancellationToken.None).ConfigureAwait(false);
        try
        {
            ImageJob job = RequestChecks.Validate(endpoint, body, _models);
            return new ResultWriter(job, _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds())
                .WriteJson(image => $"{origin}{ImagesRoute}{_images.Add(image, job.OutputFormat)}");
        }
        catch (ApiErrorException error)
        {
            return ErrorWriter.Create(error);
        }
    }

    private EngineResponse ServeImage(string method, string file)
    {
        if (!string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) && !string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorWriter.Create(405, $"Method not allowed: {method} (use GET).", "invalid_request_error", null, "method_not_allowed");
        }

        byte[]? image = _images.Find(file);
        return image is null
            ? ErrorWriter.Create(404, $"No emulated image '{file}': it was never created here or has been evicted.", "invalid_request_error", null, "not_found")
            : new EngineResponse(200, ImageOutput.MediaTypeOf(System.IO.Path.GetExtension(file).TrimStart('.')), image);
    }

    private EmulatedFault? NextFault()
    {
        lock (_gate)
        {
            return _faults.TryDequeue(out EmulatedFault? fault) ? fault : null;
        }
    }

    private void Record(EngineRequest request, RequestBody body)
    {
        if (_maxRecorded == 0)
        {
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in request.Headers)
        {
            string stored = name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? Redact(value)
                : name.Equals("api-key", StringComparison.OrdinalIgnoreCase) ? "***"
                : value;
            headers[name] = headers.TryGetValue(name, out string? earlier) ? earlier + ", " + stored : stored;
        }

        var fields = body.Fields.ToDictionary(f => f.Key, f => f.Value.Text, StringComparer.Ordinal);
        var files = body.Files.Select(f => new EmulatedFile(f.Name, f.FileName, f.ContentType, f.Length)).ToArray();
        var recorded = new EmulatedRequest(request.Method, request.Path, headers, fields, files, request.Query);
        lock (_gate)
        {
            _requests.Enqueue(recorded);
            if (_requests.Count > _maxRecorded)
            {
                _requests.Dequeue();
            }
        }
    }

    private static string Redact(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "Bearer ***" : "***";
}
