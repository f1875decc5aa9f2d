using System;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OpenAIImages.Catalog;
using OpenAIImages.Pipeline;

namespace OpenAIImages.Diagnostics;

/// <summary>What a call logs as it starts: the request (event 1), the prompt at Trace (event 2), and once per client a deprecated model's shutdown date (event 6).</summary>
internal sealed class RequestLog(ILogger logger, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public ILogger Logger => logger;

    /// <summary>Logs the start of a call; <paramref name="rules"/> are those of the model whose lifecycle on <paramref name="service"/> applies.</summary>
    public void Starting(ImageCall call, ImageSize? size, string? prompt, ModelProfile rules, ImageService service)
    {
        if (rules.ShutdownOn(service) is { } shutdown && shutdown > time.GetUtcNow() && _warned.TryAdd(rules.Id, true))
        {
            string where = service == ImageService.Azure ? "Azure OpenAI" : "OpenAI's API";
            Log.ModelDeprecated(logger, rules.Id, where, shutdown.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rules.Replacement ?? "a current model");
        }

        Log.RequestStarting(logger, call.Operation, call.Model ?? "(server default)", call.Images, size?.Value ?? "(default)");
        if (prompt is not null)
        {
            Log.RequestPrompt(logger, call.Operation, prompt);
        }
    }
}
