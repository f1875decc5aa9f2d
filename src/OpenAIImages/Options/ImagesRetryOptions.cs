using System;
using System.ComponentModel.DataAnnotations;
using OpenAIImages.Validation;

namespace OpenAIImages;

/// <summary>How failed requests are retried.</summary>
/// <remarks>
/// Retried: 408, 409, 429, 500, 502, 503 and 504, connection failures and attempts that time out; never 400, 401, 403,
/// 404, 422 or a content policy refusal. A server's <c>x-should-retry: true|false</c> header overrides this. The delay
/// is the server's <c>retry-after-ms</c>, else its <c>Retry-After</c>, else exponential backoff with jitter. Each attempt
/// is a fresh request: the key is asked for again and a multipart body is rebuilt. Caller cancellation is never retried.
/// </remarks>
public sealed class ImagesRetryOptions
{
    /// <summary>Gets or sets how many times a request is retried after its first attempt (default 2; 0 turns retries off).</summary>
    [AtLeast(0)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Gets or sets the first backoff delay, doubled for each retry (default 0.5 s; at most one day).</summary>
    [TimeRange("00:00:00", "1.00:00:00", "must be at most one day, and not negative.")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Gets or sets the longest backoff delay (default 8 s; at most one day); does not apply to a delay the server asks for.</summary>
    [TimeRange("00:00:00", "1.00:00:00", "must be at most one day, and not negative.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Gets or sets the longest delay asked by the server that is waited out (default 60 s). When the server asks for
    /// more, the call fails at once with the <see cref="ImagesRateLimitException"/> (or other error) that carries the
    /// asked delay in <see cref="ImagesApiException.RetryAfter"/>, so a caller is never stuck for hours.
    /// </summary>
    [TimeRange("00:00:00", null, "must be zero or more.")]
    public TimeSpan MaxServerDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets whether backoff delays are randomised (half of each delay fixed, half random) so that many clients do not retry in step (default true).</summary>
    public bool UseJitter { get; set; } = true;
}
