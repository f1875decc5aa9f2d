using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;

namespace OpenAIImages.Web.Json;

/// <summary>An error as the page shows it: a readable message and, for bad input, every field at fault.</summary>
/// <param name="Status">The HTTP status the app answers with (not sent in the body).</param>
/// <param name="Kind"><c>validation</c>, <c>content_policy</c>, <c>rate_limit</c>, <c>timeout</c>, <c>api</c> or <c>failed</c>.</param>
/// <param name="Message">What happened and what to do.</param>
/// <param name="Errors">For <c>validation</c>: each field the SDK named, with its problem.</param>
/// <param name="RetryAfterSeconds">For <c>rate_limit</c>: how long to wait, when known.</param>
internal sealed record PageError(
    [property: JsonIgnore] int Status,
    string Kind,
    string Message,
    IReadOnlyList<FieldError>? Errors = null,
    int? RetryAfterSeconds = null)
{
    /// <summary>Describes the exceptions a call of the SDK ends in; null for anything else, which is a bug to surface, not a message.</summary>
    public static PageError? From(Exception exception) => exception switch
    {
        ImageValidationException invalid => new PageError(
            400,
            "validation",
            invalid.Errors.Count == 1 ? "The request was not sent: one field needs a change." : $"The request was not sent: {invalid.Errors.Count} fields need a change.",
            [.. invalid.Errors.Select(e => new FieldError(e.Field, e.Message))]),
        ImagesContentPolicyException refused => new PageError(
            400,
            "content_policy",
            $"The content policy refused this request: {Sentence(refused.Details.ServerMessage)} Change the prompt or the image and try again."),
        ImagesRateLimitException limited => RateLimited(
            "The Images API is rate-limiting this account",
            limited.RetryAfter),
        ImagesClientRateLimitException local => RateLimited(
            $"This app's own limit of images per minute for {local.Model} is used up",
            local.RetryAfter),
        ImagesTimeoutException => new PageError(504, "timeout", "The Images API did not answer in time; try again, perhaps at a lower quality."),
        ImagesApiException api => new PageError(502, "api", api.Message),
        ImagesException failed => new PageError(502, "failed", failed.Message),
        _ => null,
    };

    private static PageError RateLimited(string what, TimeSpan? retryAfter)
    {
        int? seconds = retryAfter is { } wait ? (int)Math.Ceiling(Math.Min(wait.TotalSeconds, int.MaxValue)) : null;
        string when = seconds is { } s ? "in " + s.ToString(CultureInfo.InvariantCulture) + (s == 1 ? " second" : " seconds") : "in a minute";
        return new PageError(429, "rate_limit", $"{what}; try again {when}.", RetryAfterSeconds: seconds);
    }

    private static string Sentence(string text) => text.TrimEnd().EndsWith('.') ? text.TrimEnd() : text.TrimEnd() + ".";
}

/// <summary>One field at fault, named as the API names it (<c>n</c>, <c>size</c>, <c>image[0]</c>).</summary>
internal sealed record FieldError(string Field, string Message);
