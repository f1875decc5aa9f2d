using System;
using System.Globalization;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages.Web.Json;

namespace OpenAIImages.Web.Safety;

/// <summary>
/// ASP.NET Core's rate limiter on the endpoints that spend the API key: first a fixed window per client address, then
/// one concurrency limit for the whole app (with a short queue). Whatever either refuses is a 429 with a JSON error the
/// page shows as a sentence. Other requests (the page, the gallery, <c>/api/status</c>) are not limited, so the app
/// still answers them while every image slot is taken.
/// </summary>
internal static class ImageRequestLimits
{
    /// <summary>The metadata that marks an endpoint as one that spends the key.</summary>
    public static readonly object SpendsTheKey = new SpendsTheKeyMetadata();

    /// <summary>Adds the limiter with <paramref name="limits"/>; <c>UseRateLimiter</c> after routing applies it.</summary>
    public static IServiceCollection AddImageRequestLimits(this IServiceCollection services, SampleLimits limits)
    {
        PartitionedRateLimiter<HttpContext> perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            !Spends(context)
                ? RateLimitPartition.GetNoLimiter("free")
                : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RequestsPerMinutePerClient,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));

        // One partition for every client: the cap is on what the server spends and holds in memory at once.
        PartitionedRateLimiter<HttpContext> inFlight = PartitionedRateLimiter.Create<HttpContext, bool>(context =>
            !Spends(context)
                ? RateLimitPartition.GetNoLimiter(false)
                : RateLimitPartition.GetConcurrencyLimiter(true, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.ConcurrentRequests,
                    QueueLimit = limits.QueuedRequests,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));

        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, inFlight);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, cancellationToken) => RejectAsync(context, limits, cancellationToken);
        });
    }

    // A request without the page's header is refused before it could spend anything, so it takes no permit either:
    // another site's form cannot use up this address's minute.
    private static bool Spends(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<SpendsTheKeyMetadata>() is not null && context.Request.Headers.ContainsKey(WebSampleApp.PageHeader);

    private static async ValueTask RejectAsync(OnRejectedContext context, SampleLimits limits, CancellationToken cancellationToken)
    {
        // Only the window says when a permit comes back; the concurrency limit has no such time.
        PageError error;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter))
        {
            int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            error = new PageError(
                429,
                "rate_limit",
                $"This app allows {limits.RequestsPerMinutePerClient} image {(limits.RequestsPerMinutePerClient == 1 ? "request" : "requests")} a minute from one address; try again in {seconds} {(seconds == 1 ? "second" : "seconds")}.",
                RetryAfterSeconds: seconds);
        }
        else
        {
            error = new PageError(
                429,
                "rate_limit",
                $"This app is busy: {limits.ConcurrentRequests} image requests are running and {limits.QueuedRequests} waiting, the most it takes at once; try again in a moment.");
        }

        await context.HttpContext.Response.WriteAsJsonAsync(error, WebJsonContext.Default.PageError, contentType: null, cancellationToken);
    }

    private sealed class SpendsTheKeyMetadata;
}
