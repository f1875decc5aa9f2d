using System;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OpenAIImages.Catalog;
using OpenAIImages.Http;

namespace OpenAIImages.Diagnostics;

/// <summary>What a call logs as it starts: the request (event 1), the prompt at Trace (event 2), and once per client a deprecated model's shutdown date (event 6).</summary>
internal sealed class RequestLog(ILogger logger, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public ILogger Logger => logger;

    public void Starting(ImageCall call, ImageSize? size, string? prompt, bool isOpenAIService)
    {
        // Lifecycle dates are OpenAI's; Azure and compatible servers keep their own.
        if (call.Model is { } model && isOpenAIService && ModelCatalog.Get(model) is { ShutdownDate: { } shutdown } profile
            && shutdown > time.GetUtcNow() && _warned.TryAdd(model, true))
        {
            Log.ModelDeprecated(logger, model, shutdown.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), profile.Replacement ?? "a current model");
        }

        Log.RequestStarting(logger, call.Operation, call.Model ?? "(server default)", call.Images, size?.Value ?? "(default)");
        if (prompt is not null)
        {
            Log.RequestPrompt(logger, call.Operation, prompt);
        }
    }
}
