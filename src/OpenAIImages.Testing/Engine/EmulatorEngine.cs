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

    private readonly ImagesEmulatorOptions _options;
    private readonly ModelCatalog _catalog;
    private readonly ImageStore _images = new();
    private readonly Queue<EmulatedFault> _faults = new();
    private readonly List<EmulatedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly BatchApi _batches;

    public EmulatorEngine(ImagesEmulatorOptions options)
    {
        _options = new ImagesEmulatorOptions
        {
            RequireApiKey = options.RequireApiKey,
            ApiKey = options.ApiKey,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
        };
        _catalog = new ModelCatalog(options.CustomModels);
        _batches = new BatchApi(_options.TimeProvider, options.BatchCompletionDelay, options.BatchPollsToComplete, AnswerBatchLineAsync);
    }

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

    /// <summary>Answers one request; every answer (but a dropped connection) carries <c>x-request-id</c>.</summary>
    /// <exception cref="OperationCanceledException">The request was cancelled during a <see cref="EmulatedFault.Delay(TimeSpan)"/>.</exception>
    public async Task<EngineResponse> HandleAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        EngineResponse response = await AnswerAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.DropConnection)
        {
            response.Headers.Add(new("x-request-id", "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));
        }

        return response;
    }

    private async Task<EngineResponse> AnswerAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        string path = request.Path.Length > 1 ? request.Path.TrimEnd('/') : request.Path;
        string prefix = path.StartsWith("/v1/", StringComparison.Ordinal) ? "/v1" : string.Empty;
        string route = path[prefix.Length..];

        if (route.StartsWith(ImagesRoute, StringComparison.Ordinal))
        {
            return ServeImage(request.Method, route[ImagesRoute.Length..]);
        }

        Endpoint endpoint = route switch
        {
            "/images/generations" => Endpoint.Generations,
            "/images/edits" => Endpoint.Edits,
            "/images/variations" => Endpoint.Variations,
            _ => Endpoint.None,
        };

        string? contentType = Header(request, "Content-Type");
        RequestBody body = await BodyReader.ReadAsync(contentType, request.Body, cancellationToken).ConfigureAwait(false);
        Record(request, body);

        bool batchRoute = BatchApi.Serves(route);
        if (endpoint == Endpoint.None && !batchRoute)
        {
            return ErrorWriter.Create(404, $"Invalid URL ({request.Method} {request.Path})", "invalid_request_error", null, null);
        }

        if (!batchRoute && !string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorWriter.Create(405, $"Method not allowed: {request.Method} {request.Path} (use POST).", "invalid_request_error", null, "method_not_allowed");
        }

        EmulatedFault? fault = NextFault();
        if (fault is not null)
        {
            switch (fault.Kind)
            {
                case FaultKind.DroppedConnection:
                    return EngineResponse.Dropped();
                case FaultKind.Delay:
                    await Task.Delay(fault.Duration, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    return ErrorWriter.Create(fault);
            }
        }

        try
        {
            Authenticate(request);
            if (batchRoute)
            {
                return await _batches.AnswerAsync(request.Method, route, body, request.Origin + prefix).ConfigureAwait(false);
            }

            ImageJob job = RequestValidator.Validate(endpoint, body, _catalog);
            var writer = new ResultWriter(job, _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds());
            return job.Stream
                ? writer.WriteEvents()
                : writer.WriteJson(image => $"{request.Origin}{prefix}{ImagesRoute}{_images.Add(image, job.OutputFormat)}");
        }
        catch (ApiErrorException error)
        {
            return ErrorWriter.Create(error);
        }
    }

    // A batch's line, answered as its endpoint answers a request: validation, then the images, as b64_json or URLs.
    private async Task<EngineResponse> AnswerBatchLineAsync(Endpoint endpoint, byte[] json, string origin)
    {
        RequestBody body = await BodyReader.ReadAsync("application/json", json, CancellationToken.None).ConfigureAwait(false);
        try
        {
            ImageJob job = RequestValidator.Validate(endpoint, body, _catalog);
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

    private void Authenticate(EngineRequest request)
    {
        if (!_options.RequireApiKey)
        {
            return;
        }

        string? authorization = Header(request, "Authorization");
        if (string.IsNullOrWhiteSpace(authorization))
        {
            throw new ApiErrorException(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                null,
                "invalid_api_key");
        }

        // Any key is a key, spaces included ("My API Key" in openai-node's tests): only the Bearer prefix is taken off.
        const string Bearer = "Bearer ";
        string key = authorization.Trim();
        if (key.Equals(Bearer.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            key = string.Empty;
        }
        else if (key.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            key = key[Bearer.Length..].Trim();
        }

        if (key.Length == 0)
        {
            throw new ApiErrorException(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                null,
                "invalid_api_key");
        }

        if (_options.ApiKey is { } expected && !string.Equals(key, expected, StringComparison.Ordinal))
        {
            string shown = key.Length > 4 ? key[..4] + "***" : "***";
            throw new ApiErrorException(401, $"Incorrect API key provided: {shown}. You can find your API key at https://platform.openai.com/account/api-keys.", null, "invalid_api_key");
        }
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
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in request.Headers)
        {
            string stored = name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? Redact(value)
                : name.Equals("api-key", StringComparison.OrdinalIgnoreCase) ? "***"
                : value;
            headers[name] = headers.TryGetValue(name, out string? earlier) ? earlier + ", " + stored : stored;
        }

        var fields = body.Fields.ToDictionary(f => f.Key, f => f.Value.Text, StringComparer.Ordinal);
        var files = body.Files.Select(f => new EmulatedFile(f.Name, f.FileName, f.ContentType, f.Data.LongLength)).ToArray();
        var recorded = new EmulatedRequest(request.Method, request.Path, headers, fields, files);
        lock (_gate)
        {
            _requests.Add(recorded);
        }
    }

    private static string Redact(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "Bearer ***" : "***";

    private static string? Header(EngineRequest request, string name)
    {
        foreach ((string key, string value) in request.Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
