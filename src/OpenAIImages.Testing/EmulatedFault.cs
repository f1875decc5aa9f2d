using System;
using System.Collections.Generic;
using System.Globalization;
using OpenAIImages.Testing.Engine;

namespace OpenAIImages.Testing;

/// <summary>A scripted misbehaviour that <see cref="ImagesEmulator.FailNext(int, EmulatedFault)"/> plays instead of a normal answer.</summary>
/// <remarks>Create one with the static factories; an instance can be queued any number of times.</remarks>
public sealed class EmulatedFault
{
    private EmulatedFault(FaultKind kind, int status, string? type, string? code, string? message, TimeSpan duration, string? category = null, string? severity = null, TimeSpan? retryAfter = null)
    {
        RetryAfter = retryAfter;
        FilteredCategory = category;
        Severity = severity;
        Kind = kind;
        StatusCode = status;
        ErrorType = type;
        ErrorCode = code;
        Message = message;
        Duration = duration;
    }

    internal FaultKind Kind { get; }

    internal int StatusCode { get; }

    internal string? ErrorType { get; }

    internal string? ErrorCode { get; }

    internal string? Message { get; }

    internal TimeSpan Duration { get; }

    internal string? FilteredCategory { get; }

    internal string? Severity { get; }

    /// <summary>Gets the wait announced in <c>Retry-After</c>, or <see langword="null"/> for no header.</summary>
    internal TimeSpan? RetryAfter { get; }

    /// <summary>Answers 429 with a <c>Retry-After</c> header in whole seconds (rounded up) and error code <c>rate_limit_exceeded</c>.</summary>
    /// <param name="retryAfter">The wait to announce; zero or more.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retryAfter"/> is negative.</exception>
    public static EmulatedFault RateLimited(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new EmulatedFault(
            FaultKind.RateLimited,
            429,
            "requests",
            "rate_limit_exceeded",
            "Rate limit reached for images per minute (emulated). Please try again later.",
            retryAfter,
            retryAfter: retryAfter);
    }

    /// <summary>Answers 500 with error type <c>server_error</c>.</summary>
    /// <returns>The fault.</returns>
    public static EmulatedFault ServerError() =>
        new(FaultKind.Error, 500, "server_error", null, "The server had an error while processing your request. Sorry about that! (emulated)", TimeSpan.Zero);

    /// <summary>Answers 400 with error type <c>image_generation_user_error</c> and code <c>moderation_blocked</c>, as when the safety system rejects a prompt.</summary>
    /// <returns>The fault.</returns>
    public static EmulatedFault ContentPolicy() =>
        new(
            FaultKind.Error,
            400,
            "image_generation_user_error",
            "moderation_blocked",
            "Your request was rejected as a result of our safety system. Your request may contain content that is not allowed by our safety system. (emulated)",
            TimeSpan.Zero);

    /// <summary>
    /// Answers as Azure OpenAI's content filter refuses a prompt: 400 with code <c>contentFilter</c> and, in
    /// <c>inner_error.content_filter_results</c>, <paramref name="category"/> filtered and every other category safe.
    /// </summary>
    /// <remarks>
    /// The categories are Azure's for images: <c>hate</c>, <c>jailbreak</c>, <c>self_harm</c>, <c>sexual</c> and
    /// <c>violence</c> (plus <paramref name="category"/> when it is another). A detection category (<c>jailbreak</c>,
    /// <c>profanity</c>, or one starting <c>protected_material</c>) is written <c>{"detected":true,"filtered":true}</c>,
    /// a severity category <c>{"filtered":true,"severity":…}</c>. It plays in either mode: the shape is Azure's.
    /// </remarks>
    /// <param name="category">The category that blocked the prompt; default <c>violence</c>.</param>
    /// <param name="severity">The severity found in it (<c>low</c>, <c>medium</c> or <c>high</c>); default <c>high</c>.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentException"><paramref name="category"/> or <paramref name="severity"/> is empty or white space.</exception>
    public static EmulatedFault ContentFilter(string category = "violence", string severity = "high")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ArgumentException.ThrowIfNullOrWhiteSpace(severity);
        return new EmulatedFault(
            FaultKind.ContentFilter,
            400,
            null,
            "contentFilter",
            "Your task failed as a result of our safety system. (emulated)",
            TimeSpan.Zero,
            category,
            severity);
    }

    /// <summary>Drops the connection without an answer: the in-process handler throws <see cref="System.Net.Http.HttpRequestException"/>, the server aborts the TCP connection.</summary>
    /// <returns>The fault.</returns>
    public static EmulatedFault DroppedConnection() =>
        new(FaultKind.DroppedConnection, 0, null, null, null, TimeSpan.Zero);

    /// <summary>Answers normally after a delay; the wait ends early, without an answer, when the request is cancelled.</summary>
    /// <param name="delay">How long to wait before answering; zero or more.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static EmulatedFault Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new EmulatedFault(FaultKind.Delay, 0, null, null, null, delay);
    }

    /// <summary>Starts the normal answer (status, headers and half its body), then resets the connection: the client's read of the body fails.</summary>
    /// <remarks>The in-process handler's content stream throws <see cref="System.Net.Http.HttpIOException"/> (<see cref="System.Net.Http.HttpRequestError.ResponseEnded"/>) where the half ends, as a socket does; the server aborts the TCP connection there.</remarks>
    /// <returns>The fault.</returns>
    public static EmulatedFault ResetMidBody() =>
        new(FaultKind.ResetMidBody, 0, null, null, null, TimeSpan.Zero);

    /// <summary>Sends the normal answer's status and headers at once, then its body in ten pieces spread over <paramref name="duration"/> on the emulator's clock.</summary>
    /// <param name="duration">How long the body takes to arrive; zero or more.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public static EmulatedFault SlowBody(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return new EmulatedFault(FaultKind.SlowBody, 0, null, null, null, duration);
    }

    /// <summary>
    /// Reads a fault schedule, as <c>openai-images serve --fault</c> takes it: comma-separated steps, one per API request,
    /// each optionally repeated with <c>*N</c>.
    /// </summary>
    /// <remarks>
    /// Steps: <c>ok</c> (a normal answer), a status such as <c>429</c> or <c>500</c> (optionally <c>:retry-after=SECONDS</c>),
    /// <c>reset-mid-body</c>, <c>drop</c>, <c>delay=MS</c>, <c>slow-body=MS</c>, <c>content-policy</c>. For example
    /// <c>429:retry-after=1,500*2,ok,reset-mid-body</c>.
    /// </remarks>
    /// <param name="schedule">The schedule text.</param>
    /// <returns>The faults in order, to queue with <see cref="ImagesEmulator.FailNext(int, EmulatedFault)"/> or <see cref="ImagesEmulatorOptions.FaultSchedule"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="schedule"/> has a step that is not one of the above; the message names it.</exception>
    public static IReadOnlyList<EmulatedFault> ParseSchedule(string schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return FaultScheduleParser.Parse(schedule);
    }

    /// <summary>Returns a copy of this fault whose answer carries <c>Retry-After</c> in whole seconds (rounded up).</summary>
    /// <param name="retryAfter">The wait to announce; zero or more.</param>
    /// <returns>The new fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retryAfter"/> is negative.</exception>
    public EmulatedFault WithRetryAfter(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new EmulatedFault(Kind, StatusCode, ErrorType, ErrorCode, Message, Duration, FilteredCategory, Severity, retryAfter);
    }

    /// <summary>Answers an error with any status, in OpenAI's error shape.</summary>
    /// <param name="status">The HTTP status, 400 to 599.</param>
    /// <param name="code">The error <c>code</c>; <see langword="null"/> for none.</param>
    /// <param name="message">The error <c>message</c>; <see langword="null"/> for a generic one.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not between 400 and 599.</exception>
    public static EmulatedFault Status(int status, string? code = null, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        string type = status switch
        {
            403 => "permission_error",
            429 => "requests",
            >= 500 => "server_error",
            _ => "invalid_request_error",
        };
        return new EmulatedFault(
            FaultKind.Error,
            status,
            type,
            code,
            message ?? $"Emulated error with status {status.ToString(CultureInfo.InvariantCulture)}.",
            TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FaultKind.RateLimited => $"RateLimited(retryAfter: {Duration})",
        FaultKind.DroppedConnection => "DroppedConnection",
        FaultKind.Delay => $"Delay({Duration})",
        FaultKind.ResetMidBody => "ResetMidBody",
        FaultKind.SlowBody => $"SlowBody({Duration})",
        FaultKind.ContentFilter => $"ContentFilter({FilteredCategory}, {Severity})",
        _ => $"Status({StatusCode.ToString(CultureInfo.InvariantCulture)}, code: {ErrorCode ?? "null"})"
            + (RetryAfter is { } wait ? $", retryAfter: {wait}" : string.Empty),
    };
}
