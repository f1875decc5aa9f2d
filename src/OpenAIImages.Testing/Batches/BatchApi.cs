using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Engine;
using OpenAIImages.Testing.Rules;
using static OpenAIImages.Testing.Batches.BatchJsonWriter;

namespace OpenAIImages.Testing.Batches;

/// <summary>
/// The emulated Batch API: <c>/v1/files</c> (upload with <c>purpose=batch</c>, retrieve, content) and <c>/v1/batches</c>
/// (create, retrieve, cancel, list), on an accelerated clock. A batch is done once
/// <see cref="ImagesEmulatorOptions.BatchCompletionDelay"/> has passed on the emulator's clock or it has been retrieved
/// <see cref="ImagesEmulatorOptions.BatchPollsToComplete"/> times; then every line runs through the images endpoints'
/// own validation and answer, and the output and error files are written.
/// </summary>
internal sealed class BatchApi
{
    private const string ExpiredMessage = "This request could not be executed before the completion window expired.";
    private const string CancelledMessage = "This request was not executed because the batch was cancelled.";

    private readonly TimeProvider _time;
    private readonly TimeSpan _completionDelay;
    private readonly int _pollsToComplete;
    private readonly Func<Endpoint, byte[], string, Task<EngineResponse>> _runLine;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly BatchFileStore _files = new();
    private readonly List<EmulatedBatchState> _batches = [];
    private readonly Dictionary<string, EmulatedFault> _lineFaults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _expiries = new(StringComparer.Ordinal);

    /// <param name="time">The emulator's clock.</param>
    /// <param name="completionDelay">How long a batch takes on that clock.</param>
    /// <param name="pollsToComplete">How many retrievals a batch takes, whichever comes first.</param>
    /// <param name="runLine">Answers one line's body as its images endpoint would, image URLs built on the given origin.</param>
    public BatchApi(TimeProvider time, TimeSpan completionDelay, int pollsToComplete, Func<Endpoint, byte[], string, Task<EngineResponse>> runLine)
    {
        _time = time;
        _completionDelay = completionDelay;
        _pollsToComplete = pollsToComplete;
        _runLine = runLine;
    }

    public static bool Serves(string route) =>
        route is "/files" or "/batches" || route.StartsWith("/files/", StringComparison.Ordinal) || route.StartsWith("/batches/", StringComparison.Ordinal);

    /// <summary>Makes the line with this <c>custom_id</c>, in any batch, be answered as <paramref name="fault"/> says.</summary>
    public void FailRequest(string customId, EmulatedFault fault)
    {
        _gate.Wait();
        try
        {
            _lineFaults[customId] = fault;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the batch expire when it would complete, with only its first <paramref name="completedRequests"/> lines run.</summary>
    public void Expire(string batchId, int completedRequests)
    {
        _gate.Wait();
        try
        {
            _expiries[batchId] = completedRequests;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <param name="method">The HTTP method.</param>
    /// <param name="route">The path below <c>/v1</c>.</param>
    /// <param name="body">The request body, read.</param>
    /// <param name="origin">Scheme, authority and <c>/v1</c> prefix, for image URLs in the answers.</param>
    public async Task<EngineResponse> AnswerAsync(string method, string route, RequestBody body, string origin)
    {
        string[] parts = route.Trim('/').Split('/');
        bool get = string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
        bool post = string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return (parts, get, post) switch
            {
                (["files"], _, true) => await UploadAsync(body).ConfigureAwait(false),
                (["files", string id], true, _) => _files.Find(id) is { } file ? Json(w => WriteFile(w, file)) : NotFound("file", id),
                (["files", string id, "content"], true, _) => _files.Find(id) is { } file ? EngineResponse.Streamed(200, "application/octet-stream", file.OpenRead(), file.Length) : NotFound("file", id),
                (["batches"], _, true) => Create(body),
                (["batches"], true, _) => Json(w => WriteList(w, _batches)),
                (["batches", string id], true, _) => Find(id) is { } batch ? await RetrieveAsync(batch, origin).ConfigureAwait(false) : NotFound("batch", id),
                (["batches", string id, "cancel"], _, true) => Find(id) is { } batch ? Cancel(batch) : NotFound("batch", id),
                _ => ErrorWriter.Create(get || post ? 404 : 405, $"Invalid URL ({method} /v1{route})", "invalid_request_error", null, null),
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<EngineResponse> UploadAsync(RequestBody body)
    {
        if (body.Error is { } error)
        {
            return ErrorWriter.Create(error);
        }

        if (body.Kind != BodyKind.Multipart || body.Files.FirstOrDefault(f => f.Name == "file") is not { } upload)
        {
            return ErrorWriter.Create(400, "A file is required: send multipart/form-data with a 'file' part.", "invalid_request_error", "file", null);
        }

        string purpose = body.Fields.TryGetValue("purpose", out BodyValue? value) ? value.Text : string.Empty;
        if (purpose != "batch")
        {
            return ErrorWriter.Create(400, $"Invalid value for purpose: '{purpose}'. The emulator takes 'batch' files only.", "invalid_request_error", "purpose", "invalid_value");
        }

        StoredFile file = await _files.AddAsync(upload.FileName, "batch", Now(), stream => upload.CopyToAsync(stream, CancellationToken.None)).ConfigureAwait(false);
        return Json(w => WriteFile(w, file));
    }

    private EngineResponse Create(RequestBody body)
    {
        if (body.Error is { } error)
        {
            return ErrorWriter.Create(error);
        }

        string? Field(string name) => body.Fields.TryGetValue(name, out BodyValue? v) ? v.Text : null;
        string? fileId = Field("input_file_id");
        string? endpoint = Field("endpoint");
        if (fileId is null || _files.Find(fileId) is not { Purpose: "batch" } input)
        {
            return ErrorWriter.Create(400, $"Invalid input_file_id: '{fileId}'. Upload the file with purpose 'batch' first.", "invalid_request_error", "input_file_id", "invalid_value");
        }

        if (endpoint is not ("/v1/images/generations" or "/v1/images/edits"))
        {
            return ErrorWriter.Create(400, $"Invalid value for endpoint: '{endpoint}'. The emulator batches '/v1/images/generations' and '/v1/images/edits'.", "invalid_request_error", "endpoint", "invalid_value");
        }

        if (Field("completion_window") != "24h")
        {
            return ErrorWriter.Create(400, $"Invalid value for completion_window: '{Field("completion_window")}'. Supported values are: '24h'.", "invalid_request_error", "completion_window", "invalid_value");
        }

        Dictionary<string, string>? metadata = null;
        if (body.JsonRoot.TryGetProperty("metadata", out JsonElement meta) && meta.ValueKind == JsonValueKind.Object)
        {
            metadata = meta.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
        }

        (int count, List<(string, int?)> errors) = BatchInputReader.Check(input, endpoint);
        var batch = new EmulatedBatchState(BatchIds.New("batch_"), endpoint, input, Now(), _time.GetTimestamp(), count, metadata);
        batch.Errors.AddRange(errors);

        _batches.Add(batch);

        return Json(w => WriteBatch(w, batch));
    }

    private async Task<EngineResponse> RetrieveAsync(EmulatedBatchState batch, string origin)
    {
        if (!batch.IsDone)
        {
            batch.Polls++;
            bool due = batch.Polls >= _pollsToComplete || _time.GetElapsedTime(batch.CreatedTimestamp) >= _completionDelay;
            if (batch.Errors.Count > 0)
            {
                // Created as validating, as the service does; the first look after shows the refusal.
                batch.Status = "failed";
            }
            else if (batch.Status == "cancelling")
            {
                await FinishAsync(batch, "cancelled", Math.Min(Progress(batch), batch.LineCount), origin).ConfigureAwait(false);
            }
            else if (due && _expiries.TryGetValue(batch.Id, out int completed))
            {
                await FinishAsync(batch, "expired", Math.Min(completed, batch.LineCount), origin).ConfigureAwait(false);
            }
            else if (due)
            {
                await FinishAsync(batch, "completed", batch.LineCount, origin).ConfigureAwait(false);
            }
            else
            {
                batch.Status = "in_progress";
                batch.Completed = Progress(batch);
            }
        }

        return Json(w => WriteBatch(w, batch));
    }

    private EngineResponse Cancel(EmulatedBatchState batch)
    {
        if (batch.IsDone)
        {
            return ErrorWriter.Create(409, $"Cannot cancel a batch with status '{batch.Status}'.", "invalid_request_error", null, null);
        }

        batch.Status = "cancelling";
        return Json(w => WriteBatch(w, batch));
    }

    // How many lines a batch still running is shown as done: its share of the polls or of the delay, whichever is further.
    private int Progress(EmulatedBatchState batch)
    {
        double byPolls = (double)batch.Polls / Math.Max(_pollsToComplete, 1);
        double byTime = _completionDelay <= TimeSpan.Zero ? 1 : _time.GetElapsedTime(batch.CreatedTimestamp) / _completionDelay;
        return (int)(batch.LineCount * Math.Min(Math.Max(byPolls, byTime), 1) * 0.9);
    }

    // The first `run` lines get an answer (output file); the rest none (error file), as an expired or cancelled batch has
    // them. The input is read again from disk for each file, and each file written as its lines are answered: one
    // line and its answer in memory at a time.
    private async Task FinishAsync(EmulatedBatchState batch, string status, int run, string origin)
    {
        int completed = 0;
        int failed = 0;
        StoredFile? output = null;
        if (run > 0)
        {
            output = await _files.AddAsync(batch.Id + "_output.jsonl", "batch_output", Now(), async stream =>
            {
                foreach (BatchLine line in BatchInputReader.Requests(batch.InputFile).Take(run))
                {
                    EngineResponse answer = _lineFaults.TryGetValue(line.CustomId, out EmulatedFault? fault)
                        ? ErrorWriter.Create(fault)
                        : await _runLine(line.Url == "/v1/images/edits" ? Endpoint.Edits : Endpoint.Generations, line.Body, origin).ConfigureAwait(false);
                    if (answer.Status == 200)
                    {
                        completed++;
                    }
                    else
                    {
                        failed++;
                    }

                    WriteResultLine(stream, line.CustomId, answer.Status, answer.Body, null);
                }
            }).ConfigureAwait(false);
        }

        StoredFile? errors = null;
        if (run < batch.LineCount)
        {
            (string Code, string Message) reason = status == "expired" ? ("batch_expired", ExpiredMessage) : ("batch_cancelled", CancelledMessage);
            errors = await _files.AddAsync(batch.Id + "_error.jsonl", "batch_output", Now(), stream =>
            {
                foreach (BatchLine line in BatchInputReader.Requests(batch.InputFile).Skip(run))
                {
                    failed++;
                    WriteResultLine(stream, line.CustomId, null, null, reason);
                }

                return Task.CompletedTask;
            }).ConfigureAwait(false);
        }

        batch.Status = status;
        batch.Completed = completed;
        batch.Failed = failed;
        batch.OutputFileId = output?.Id;
        batch.ErrorFileId = errors?.Id;
    }

    private EmulatedBatchState? Find(string id) => _batches.FirstOrDefault(b => b.Id == id);


    private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

    private static EngineResponse NotFound(string what, string id) =>
        ErrorWriter.Create(404, $"No such {what}: '{id}'.", "invalid_request_error", null, null);

}
