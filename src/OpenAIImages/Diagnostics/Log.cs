using System;
using Microsoft.Extensions.Logging;

namespace OpenAIImages.Diagnostics;

/// <summary>The client's log events. Their ids are stable; the prompt is logged only at Trace, the API key never.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "RequestStarting", Level = LogLevel.Information,
        Message = "Sending {Operation} request: model {Model}, n {N}, size {Size}")]
    public static partial void RequestStarting(ILogger logger, string operation, string model, int n, string size);

    [LoggerMessage(EventId = 2, EventName = "RequestPrompt", Level = LogLevel.Trace, Message = "{Operation} prompt: {Prompt}")]
    public static partial void RequestPrompt(ILogger logger, string operation, string prompt);

    [LoggerMessage(EventId = 3, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "Retrying {Operation} (retry {Attempt}) in {DelayMs} ms: {Reason}")]
    public static partial void RetryScheduled(ILogger logger, string operation, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 4, EventName = "RateLimitWait", Level = LogLevel.Information,
        Message = "Waiting for the client-side rate limit of {Model}: {Images} image(s), about {DelayMs} ms")]
    public static partial void RateLimitWait(ILogger logger, string model, int images, double delayMs);

    [LoggerMessage(EventId = 5, EventName = "ResponseReceived", Level = LogLevel.Information,
        Message = "{Operation} answered {Status} in {DurationMs} ms (request id {RequestId})")]
    public static partial void ResponseReceived(ILogger logger, string operation, int status, double durationMs, string? requestId);

    [LoggerMessage(EventId = 6, EventName = "ModelDeprecated", Level = LogLevel.Warning,
        Message = "Model {Model} is deprecated on {Service} and shuts down on {ShutdownDate}; move to {Replacement}")]
    public static partial void ModelDeprecated(ILogger logger, string model, string service, string shutdownDate, string replacement);

    // The end user's id is not logged: the budget is named "client" or "user".
    [LoggerMessage(EventId = 7, EventName = "BudgetRefused", Level = LogLevel.Warning,
        Message = "The {Budget} budget refused a {Operation} request: {Remaining} of {Limit} {Currency} left, estimate {Estimate}; resets at {ResetsAt}. Nothing was sent")]
    public static partial void BudgetRefused(ILogger logger, string budget, string operation, decimal remaining, decimal limit, string currency, string estimate, DateTimeOffset resetsAt);

    /// <summary>Why an attempt failed, for the retry line: the status and error code, or the failure's type and redacted message.</summary>
    public static string Reason(Exception? exception) => exception switch
    {
        ImagesApiException api => $"status {api.Status}{(api.ErrorCode is null ? string.Empty : " (" + api.ErrorCode + ")")}",
        ImagesTimeoutException => "the attempt timed out",
        ImagesConnectionException { InnerException: { } cause } => cause.GetType().Name + ": " + Internal.Redaction.Text(cause.Message, null),
        null => "unknown",
        _ => exception.GetType().Name + ": " + Internal.Redaction.Text(exception.Message, null),
    };
}
