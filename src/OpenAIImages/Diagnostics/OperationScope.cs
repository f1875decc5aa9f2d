using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using OpenAIImages.Pipeline;

namespace OpenAIImages.Diagnostics;

/// <summary>
/// The telemetry of one operation, from before its first attempt (so rate-limit waits and retries are inside it) to its
/// result or failure: the activity with the GenAI conventions' tags, the duration, the tokens and the images.
/// </summary>
/// <remarks>The prompt is written only when the options opt in; the API key is never known here.</remarks>
internal sealed class OperationScope : IDisposable
{
    private readonly OperationTelemetry _telemetry;
    private readonly ImageCall _call;
    private readonly string? _prompt;
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly bool _timed;
    private string? _errorType;
    private bool _ended;

    public OperationScope(OperationTelemetry telemetry, ImageCall call, string? prompt)
    {
        _telemetry = telemetry;
        _call = call;
        _prompt = prompt;
        _timed = ImagesInstruments.OperationDuration.Enabled;
        _started = _timed ? telemetry.Time.GetTimestamp() : 0;
        if (!ImagesInstruments.Source.HasListeners())
        {
            return;
        }

        string name = call.Model is { } model ? TelemetryNames.GenerateContent + " " + model : TelemetryNames.GenerateContent;
        _activity = ImagesInstruments.Source.StartActivity(name, ActivityKind.Client);
        if (_activity is not { IsAllDataRequested: true })
        {
            return;
        }

        _activity.SetTag(TelemetryNames.OperationName, TelemetryNames.GenerateContent)
            .SetTag(TelemetryNames.ProviderName, telemetry.ProviderName)
            .SetTag(TelemetryNames.OutputType, TelemetryNames.OutputImage)
            .SetTag(TelemetryNames.Operation, call.Operation)
            .SetTag(TelemetryNames.ServerAddress, telemetry.ServerAddress)
            .SetTag(TelemetryNames.ServerPort, telemetry.ServerPort);
        if (call.Model is not null)
        {
            _activity.SetTag(TelemetryNames.RequestModel, call.Model);
        }

        if (call.Images != 1)
        {
            _activity.SetTag(TelemetryNames.RequestChoiceCount, call.Images);
        }

        if (telemetry.EnableSensitiveData && prompt is not null)
        {
            _activity.SetTag(TelemetryNames.InputMessages, InputMessages(prompt));
        }
    }

    /// <summary>Records a result: its tokens, its images and its cost.</summary>
    public void Succeeded(ImageResult result) => Succeeded(result.Usage, result.Images.Count, result.Cost);

    /// <summary>Records what an operation returned: its tokens, when the model reports them, how many images, and its cost when known.</summary>
    public void Succeeded(ImageUsage? usage, int images, ImageCost? cost = null)
    {
        if (cost?.Amount is { } amount && ImagesInstruments.Cost.Enabled)
        {
            TagList tags = Tags();
            tags.Add(TelemetryNames.Operation, _call.Operation);
            tags.Add(TelemetryNames.CostCurrency, cost.Currency);
            ImagesInstruments.Cost.Add((double)amount, tags);
        }

        if (usage is not null)
        {
            _activity?.SetTag(TelemetryNames.UsageInputTokens, usage.InputTokens).SetTag(TelemetryNames.UsageOutputTokens, usage.OutputTokens);
            if (ImagesInstruments.TokenUsage.Enabled)
            {
                TagList input = Tags();
                input.Add(TelemetryNames.TokenType, TelemetryNames.TokenInput);
                ImagesInstruments.TokenUsage.Record(usage.InputTokens, input);
                TagList output = Tags();
                output.Add(TelemetryNames.TokenType, TelemetryNames.TokenOutput);
                ImagesInstruments.TokenUsage.Record(usage.OutputTokens, output);
            }
        }

        if (images > 0 && ImagesInstruments.Images.Enabled)
        {
            TagList tags = Tags();
            tags.Add(TelemetryNames.Operation, _call.Operation);
            ImagesInstruments.Images.Add(images, tags);
        }
    }

    /// <summary>Records the failure the operation ends with.</summary>
    public void Failed(Exception exception)
    {
        _errorType = exception.GetType().FullName;
        if (_activity is null)
        {
            return;
        }

        // Our messages never hold the key; a server's could echo the prompt, which stays out unless opted in.
        string message = exception.Message;
        bool leaksPrompt = !_telemetry.EnableSensitiveData && !string.IsNullOrEmpty(_prompt) && message.IndexOf(_prompt, StringComparison.Ordinal) >= 0;
        _activity.SetTag(TelemetryNames.ErrorType, _errorType);
        if (exception is ImagesApiException api)
        {
            _activity.SetTag(TelemetryNames.HttpStatusCode, api.Status);
        }

        _activity.SetStatus(ActivityStatusCode.Error, leaksPrompt ? null : message);
    }

    /// <summary>Ends the activity and records the duration, tagged with the error type when the operation failed.</summary>
    public void Dispose()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        if (_timed)
        {
            TagList tags = Tags();
            if (_errorType is not null)
            {
                tags.Add(TelemetryNames.ErrorType, _errorType);
            }

            ImagesInstruments.OperationDuration.Record(_telemetry.Time.GetElapsedTime(_started).TotalSeconds, tags);
        }

        _activity?.Dispose();
    }

    private TagList Tags()
    {
        TagList tags = default;
        tags.Add(TelemetryNames.OperationName, TelemetryNames.GenerateContent);
        tags.Add(TelemetryNames.ProviderName, _telemetry.ProviderName);
        if (_call.Model is not null)
        {
            tags.Add(TelemetryNames.RequestModel, _call.Model);
        }

        tags.Add(TelemetryNames.ServerAddress, _telemetry.ServerAddress);
        tags.Add(TelemetryNames.ServerPort, _telemetry.ServerPort);
        return tags;
    }

    // The conventions' shape of the input: one user message whose one part is the prompt's text.
    private static string InputMessages(string prompt)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteStartArray("parts");
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("content", prompt);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
