using System;
using System.Diagnostics;

namespace OpenAIImages.Diagnostics;

/// <summary>What the resilience pipeline adds to the operation under way: a retry, or a wait for the client-side rate limit, as activity events; rate-limit waits also count.</summary>
/// <remarks>The operation's activity is <see cref="Activity.Current"/> inside the pipeline; with no such activity, only the counter records.</remarks>
internal static class PipelineEvents
{
    public static void Retrying(int retry, TimeSpan delay, Exception? failure)
    {
        if (ImagesInstruments.CurrentOperation is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        var tags = new ActivityTagsCollection
        {
            [TelemetryNames.RetryAttempt] = retry,
            [TelemetryNames.RetryDelay] = delay.TotalSeconds,
        };
        if (failure is not null)
        {
            tags[TelemetryNames.ErrorType] = failure.GetType().FullName;
        }

        if (failure is ImagesApiException api)
        {
            tags[TelemetryNames.HttpStatusCode] = api.Status;
        }

        activity.AddEvent(new ActivityEvent(TelemetryNames.RetryEvent, tags: tags));
    }

    public static void RateLimitWaiting(string model, int images, TimeSpan wait)
    {
        if (ImagesInstruments.RateLimitWaits.Enabled)
        {
            TagList tags = default;
            tags.Add(TelemetryNames.ProviderName, TelemetryNames.ProviderOpenAI);
            tags.Add(TelemetryNames.RequestModel, model);
            ImagesInstruments.RateLimitWaits.Add(1, tags);
        }

        if (ImagesInstruments.CurrentOperation is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent(TelemetryNames.RateLimitWaitEvent, tags: new ActivityTagsCollection
            {
                [TelemetryNames.RequestModel] = model,
                [TelemetryNames.RateLimitImages] = images,
                [TelemetryNames.RateLimitWaitDuration] = wait.TotalSeconds,
            }));
        }
    }
}
