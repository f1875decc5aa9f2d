using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Engine;
using OpenAIImages.Testing.Rules;

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

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TimeProvider _time;
    private readonly TimeSpan _completionDelay;
    private readonly int _pollsToComplete;
    private readonly Func<Endpoint, byte[], string, Task<EngineResponse>> _runLine;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, StoredFile> _files = new(StringComparer.Ordinal);
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
                (["files"], _, true) => Upload(body),
                (["files", string id], true, _) => _files.TryGetValue(id, out StoredFile? file) ? Json(w => WriteFile(w, file)) : NotFound("file", id),
                (["files", string id, "content"], true, _) => _files.TryGetValue(id, out StoredFile? file) ? new EngineResponse(200, "application/octet-stream", file.Content) : NotFound("file", id),
                (["batches"], _, true) => Create(body),
                (["batches"], true, _) => Json(WriteList),
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

    private EngineResponse Upload(RequestBody body)
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

        StoredFile file = Store(upload.FileName, "batch", upload.Data);
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
        if (fileId is null || !_files.TryGetValue(fileId, out StoredFile? input) || input.Purpose != "batch")
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

        (List<BatchLine> lines, List<(string, int?)> errors) = ReadLines(input.Content, endpoint);
        var batch = new EmulatedBatchState(NewId("batch_"), endpoint, fileId, Now(), _time.GetTimestamp(), lines, metadata);
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
                await FinishAsync(batch, "cancelled", Math.Min(Progress(batch), batch.Lines.Count), origin).ConfigureAwait(false);
            }
            else if (due && _expiries.TryGetValue(batch.Id, out int completed))
            {
                await FinishAsync(batch, "expired", Math.Min(completed, batch.Lines.Count), origin).ConfigureAwait(false);
            }
            else if (due)
            {
                await FinishAsync(batch, "completed", batch.Lines.Count, origin).ConfigureAwait(false);
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
        return (int)(batch.Lines.Count * Math.Min(Math.Max(byPolls, byTime), 1) * 0.9);
    }

    // The first `run` lines get an answer (output file); the rest none (error file), as an expired or cancelled batch has them.
    private async Task FinishAsync(EmulatedBatchState batch, string status, int run, string origin)
    {
        var output = new MemoryStream();
        var errors = new MemoryStream();
        int completed = 0;
        int failed = 0;
        for (int i = 0; i < batch.Lines.Count; i++)
        {
            BatchLine line = batch.Lines[i];
            if (i >= run)
            {
                failed++;
                WriteLine(errors, line.CustomId, null, null, (status == "expired" ? "batch_expired" : "batch_cancelled", status == "expired" ? ExpiredMessage : CancelledMessage));
                continue;
            }

            EngineResponse answer = _lineFaults.TryGetValue(line.CustomId, out EmulatedFault? fault)
                ? ErrorWriter.Create(fault)
                : await _runLine(line.Url == "/v1/images/edits" ? Endpoint.Edits : Endpoint.Generations, Encoding.UTF8.GetBytes(line.Body.GetRawText()), origin).ConfigureAwait(false);
            if (answer.Status == 200)
            {
                completed++;
            }
            else
            {
                failed++;
            }

            WriteLine(output, line.CustomId, answer.Status, answer.Body, null);
        }

        batch.Status = status;
        batch.Completed = completed;
        batch.Failed = failed;
        batch.OutputFileId = output.Length > 0 ? Store(batch.Id + "_output.jsonl", "batch_output", output.ToArray()).Id : null;
        batch.ErrorFileId = errors.Length > 0 ? Store(batch.Id + "_error.jsonl", "batch_output", errors.ToArray()).Id : null;
    }

    private static void WriteLine(MemoryStream file, string customId, int? status, byte[]? body, (string Code, string Message)? error)
    {
        using (var writer = new Utf8JsonWriter(file, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", NewId("batch_req_"));
            writer.WriteString("custom_id", customId);
            if (status is { } code)
            {
                writer.WriteStartObject("response");
                writer.WriteNumber("status_code", code);
                writer.WriteString("request_id", NewId("req_"));
                writer.WritePropertyName("body");
                writer.WriteRawValue(body!, skipInputValidation: true);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("response");
            }

            if (error is { } e)
            {
                writer.WriteStartObject("error");
                writer.WriteString("code", e.Code);
                writer.WriteString("message", e.Message);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("error");
            }

            writer.WriteEndObject();
        }

        file.WriteByte((byte)'\n');
    }

    // Every line is checked as the service checks an input file; any problem fails the whole batch, with its line number.
    private static (List<BatchLine> Lines, List<(string, int?)> Errors) ReadLines(byte[] content, string endpoint)
    {
        var lines = new List<BatchLine>();
        var errors = new List<(string, int?)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string[] texts = Encoding.UTF8.GetString(content).Split('\n');
        for (int i = 0; i < texts.Length; i++)
        {
            string text = texts[i].TrimEnd('\r');
            int number = i + 1;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                JsonElement root = document.RootElement;
                string? customId = root.TryGetProperty("custom_id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                string? url = root.TryGetProperty("url", out JsonElement u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                string? method = root.TryGetProperty("method", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                if (string.IsNullOrEmpty(customId) || method != "POST" || !root.TryGetProperty("body", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(("Each line needs a custom_id, \"method\": \"POST\", a url and a body object.", number));
                }
                else if (url != endpoint)
                {
                    errors.Add(($"The url '{url}' does not match the batch's endpoint '{endpoint}'.", number));
                }
                else if (!ids.Add(customId))
                {
                    errors.Add(($"The custom_id '{customId}' is used more than once.", number));
                }
                else
                {
                    lines.Add(new BatchLine(customId, url, body.Clone()));
                }
            }
            catch (JsonException)
            {
                errors.Add(("The line is not valid JSON.", number));
            }
        }

        if (lines.Count == 0 && errors.Count == 0)
        {
            errors.Add(("The input file has no requests.", null));
        }

        return (lines, errors);
    }

    private EmulatedBatchState? Find(string id) => _batches.FirstOrDefault(b => b.Id == id);

    private StoredFile Store(string fileName, string purpose, byte[] content)
    {
        var file = new StoredFile(NewId("file-"), fileName, purpose, Now(), content);
        _files[file.Id] = file;
        return file;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static EngineResponse NotFound(string what, string id) =>
        ErrorWriter.Create(404, $"No such {what}: '{id}'.", "invalid_request_error", null, null);

    private static EngineResponse Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return new EngineResponse(200, "application/json", buffer.WrittenSpan.ToArray());
    }

    private static void WriteFile(Utf8JsonWriter w, StoredFile file)
    {
        w.WriteStartObject();
        w.WriteString("id", file.Id);
        w.WriteString("object", "file");
        w.WriteNumber("bytes", file.Content.LongLength);
        w.WriteNumber("created_at", file.CreatedAt);
        w.WriteString("filename", file.FileName);
        w.WriteString("purpose", file.Purpose);
        w.WriteString("status", "processed");
        w.WriteEndObject();
    }

    private void WriteList(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        for (int i = _batches.Count - 1; i >= 0; i--)
        {
            WriteBatch(w, _batches[i]);
        }

        w.WriteEndArray();
        WriteNullable(w, "first_id", _batches.Count > 0 ? _batches[^1].Id : null);
        WriteNullable(w, "last_id", _batches.Count > 0 ? _batches[0].Id : null);
        w.WriteBoolean("has_more", false);
        w.WriteEndObject();
    }

    private static void WriteBatch(Utf8JsonWriter w, EmulatedBatchState batch)
    {
        w.WriteStartObject();
        w.WriteString("id", batch.Id);
        w.WriteString("object", "batch");
        w.WriteString("endpoint", batch.Endpoint);
        if (batch.Status == "failed")
        {
            w.WriteStartObject("errors");
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach ((string message, int? line) in batch.Errors)
            {
                w.WriteStartObject();
                w.WriteString("code", "invalid_request");
                w.WriteString("message", message);
                w.WriteNull("param");
                if (line is { } number)
                {
                    w.WriteNumber("line", number);
                }
                else
                {
                    w.WriteNull("line");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("errors");
        }

        w.WriteString("input_file_id", batch.InputFileId);
        w.WriteString("completion_window", "24h");
        w.WriteString("status", batch.Status);
        WriteNullable(w, "output_file_id", batch.OutputFileId);
        WriteNullable(w, "error_file_id", batch.ErrorFileId);
        w.WriteNumber("created_at", batch.CreatedAt);
        w.WriteNumber("expires_at", batch.CreatedAt + (24 * 3600));
        w.WriteStartObject("request_counts");
        w.WriteNumber("total", batch.Lines.Count);
        w.WriteNumber("completed", batch.Completed);
        w.WriteNumber("failed", batch.Failed);
        w.WriteEndObject();
        if (batch.Metadata is { } metadata)
        {
            w.WriteStartObject("metadata");
            foreach ((string key, string value) in metadata)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("metadata");
        }

        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
