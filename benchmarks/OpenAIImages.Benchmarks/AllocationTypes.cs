using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// <c>--alloc-types</c>: which types a small URL call allocates, ours beside the raw baseline. The runtime reports an
/// allocation sample (the type that crossed each ~100 KB of allocation) through its GC events; over many calls the
/// samples add up to each type's share. A diagnostic for finding where the bytes go, not a measurement to report.
/// </summary>
public static class AllocationTypes
{
    private const int Calls = 100_000;

    public static async Task<int> RunAsync()
    {
        using var handler = new CannedHandler(Payloads.UrlResponse());
        using System.Net.Http.HttpClient raw = Clients.Raw(handler);
        ImagesClient ours = Clients.Ours(handler);
        await ProfileAsync("Raw", async () => await RawApi.GenerateUrlAsync(raw, new RawGenerationRequest { Model = "dall-e-3", Prompt = Payloads.Prompt, Size = "1024x1024", ResponseFormat = "url" }).ConfigureAwait(false)).ConfigureAwait(false);
        await ProfileAsync("Ours", async () => await ours.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.DallE3, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url }).ConfigureAwait(false)).ConfigureAwait(false);
        return 0;
    }

    private static async Task ProfileAsync(string name, Func<Task> call)
    {
        for (int i = 0; i < 100; i++)
        {
            await call().ConfigureAwait(false);
        }

        using var listener = new SampleListener();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < Calls; i++)
        {
            await call().ConfigureAwait(false);
        }

        long perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / Calls;
        int samples = listener.Samples.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {perCall:N0} B per call; {samples} samples; estimated bytes per call by type:"));
        foreach (KeyValuePair<string, int> row in listener.Samples.OrderByDescending(p => p.Value).Take(40))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(double)row.Value / samples * perCall,8:N0} B  {row.Key}"));
        }
    }

    private sealed class SampleListener : EventListener
    {
        public ConcurrentDictionary<string, int> Samples { get; } = new(StringComparer.Ordinal);

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not null && e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && e.Payload is { } payload)
            {
                int index = e.PayloadNames!.IndexOf("TypeName");
                string type = index >= 0 ? payload[index] as string ?? "?" : "?";
                Samples.AddOrUpdate(type, 1, (_, n) => n + 1);
            }
        }
    }
}
