using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Commands;

/// <summary>
/// Checks every prompt of a batch with the SDK's own rules before any is sent. A flag that breaks a rule (such as
/// <c>--model dall-e-3 --n 2</c>) fails every prompt alike: that is a usage error, said once, with nothing sent, not
/// the same failure once a prompt.
/// </summary>
/// <remarks>
/// The SDK checks a request before it sends it; here the requests go to a client whose handler sends nothing, so its
/// answer is only the check's: refused (<see cref="ImageValidationException"/>) or it would have been sent.
/// </remarks>
internal static class BatchPreflight
{
    /// <exception cref="UsageException">Every prompt is refused; the distinct reasons, once each.</exception>
    public static async Task CheckAsync(ImagesClientOptions options, IReadOnlyList<ImageGenerationOptions> requests, CancellationToken ct)
    {
        var dryRun = new ImagesClientOptions
        {
            ApiKey = "cli-preflight-key",
            DefaultModel = options.DefaultModel,
            ValidateRequests = options.ValidateRequests,
        };
        if (options.Azure is { } azure)
        {
            dryRun.Azure = azure;
        }
        else
        {
            dryRun.BaseAddress = options.BaseAddress;
        }

        dryRun.Retry.MaxRetries = 0;
        using var http = new HttpClient(new SendsNothing());
        var client = new ImagesClient(http, dryRun);
        var reasons = new List<string>();
        foreach (ImageGenerationOptions request in requests)
        {
            try
            {
                await client.GenerateAsync(request, ct).ConfigureAwait(false);
            }
            catch (ImageValidationException refused)
            {
                reasons.AddRange(refused.Errors.Select(e => ErrorText.OneLine(e.Message)));
                continue;
            }
            catch (ImagesException)
            {
                // It passed the checks and went to the handler: this prompt, at least, would be sent.
            }

            return;
        }

        string[] distinct = [.. reasons.Distinct(StringComparer.Ordinal)];
        throw new UsageException($"every prompt would be refused before sending, so none was sent: {string.Join("; ", distinct)}");
    }

    private sealed class SendsNothing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(new HttpRequestException("The preflight check sends nothing."));
    }
}
