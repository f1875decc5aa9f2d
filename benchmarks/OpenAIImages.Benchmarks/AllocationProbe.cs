using System;
using System.Globalization;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// Bytes allocated per call (all threads, <see cref="GC.GetTotalAllocatedBytes(bool)"/>) at several payload sizes, so the
/// size-dependent part of each case can be told from its fixed overhead. Not a timing tool.
/// </summary>
public static class AllocationProbe
{
    private const int Warmup = 3;
    private const int Calls = 10;

    /// <param name="only">When set, only the cases whose name contains it (such as <c>Stream</c>).</param>
    public static async Task<int> RunAsync(string? only = null)
    {
        Console.WriteLine("case                 method          payload           alloc/call    alloc/payload");
        bool Run(string name) => only is null || name.Contains(only, StringComparison.OrdinalIgnoreCase);
        foreach (int size in Run("Stream") ? new[] { 256 * 1024, Payloads.DefaultPartialBytes, 2 * 1024 * 1024 } : [])
        {
            var stream = new StreamBenchmarks { PartialBytes = size };
            stream.Setup();
            await ProbeAsync("Stream_3+1", "Raw", stream.Raw, stream.ExpectedBytes).ConfigureAwait(false);
            await ProbeAsync("Stream_3+1", "Ours", stream.Ours, stream.ExpectedBytes).ConfigureAwait(false);
            await ProbeAsync("Stream_3+1", "Official", stream.Official, stream.ExpectedBytes).ConfigureAwait(false);
            stream.Cleanup();
        }

        foreach (int size in Run("Generate_b64") ? new[] { 256 * 1024, Payloads.DefaultImageBytes, 3 * 1024 * 1024 } : [])
        {
            var b64 = new GenerateB64Benchmarks { ImageBytes = size };
            b64.Setup();
            await ProbeAsync("Generate_b64", "Raw", b64.Raw, b64.ExpectedBytes).ConfigureAwait(false);
            await ProbeAsync("Generate_b64", "Ours", b64.Ours, b64.ExpectedBytes).ConfigureAwait(false);
            await ProbeAsync("Generate_b64", "Official", b64.Official, b64.ExpectedBytes).ConfigureAwait(false);
            b64.Cleanup();
        }

        foreach (int size in Run("GenerateAndSave") ? new[] { 256 * 1024, Payloads.DefaultImageBytes, 3 * 1024 * 1024 } : [])
        {
            var save = new GenerateAndSaveBenchmarks { ImageBytes = size };
            save.Setup();
            await ProbeAsync("GenerateAndSave", "Raw", save.Raw, save.ExpectedBytes).ConfigureAwait(false);
            await ProbeAsync("GenerateAndSave", "Ours", save.Ours, save.ExpectedBytes).ConfigureAwait(false);
            await ProbeAsync("GenerateAndSave", "OursInMemory", save.OursInMemory, save.ExpectedBytes).ConfigureAwait(false);
            save.Cleanup();
        }

        foreach (int size in Run("Edit_file") ? new[] { 1024 * 1024, Payloads.DefaultEditFileBytes, 8 * 1024 * 1024 } : [])
        {
            var edit = new EditFileBenchmarks { FileBytes = size };
            edit.Setup();
            await ProbeAsync("Edit_file", "Raw", edit.Raw, size).ConfigureAwait(false);
            await ProbeAsync("Edit_file", "Ours", edit.Ours, size).ConfigureAwait(false);
            await ProbeAsync("Edit_file", "OursWithRetry", edit.OursWithRetry, size).ConfigureAwait(false);
            await ProbeAsync("Edit_file", "Official", edit.Official, size).ConfigureAwait(false);
            edit.Cleanup();
        }

        if (!Run("Url_small"))
        {
            return 0;
        }

        // Where a small call's bytes go: the same URL call with parts of our pipeline switched off.
        using (var handler = new CannedHandler(Payloads.UrlResponse()))
        {
            var variants = new (string Name, Action<ImagesClientOptions>? Configure)[]
            {
                ("Ours (defaults)", null),
                ("Ours no-validate", o => o.ValidateRequests = false),
                ("Ours no-timeouts", o => { o.Timeout = System.Threading.Timeout.InfiniteTimeSpan; o.AttemptTimeout = System.Threading.Timeout.InfiniteTimeSpan; }),
                ("Ours neither", o => { o.ValidateRequests = false; o.Timeout = System.Threading.Timeout.InfiniteTimeSpan; o.AttemptTimeout = System.Threading.Timeout.InfiniteTimeSpan; }),
            };
            using System.Net.Http.HttpClient raw = Clients.Raw(handler);
            await ProbeAsync("Url_small", "Raw", async () => (await RawApi.GenerateUrlAsync(raw, new RawGenerationRequest { Model = "dall-e-3", Prompt = Payloads.Prompt, Size = "1024x1024", ResponseFormat = "url" }).ConfigureAwait(false)).Length, 1).ConfigureAwait(false);
            foreach ((string name, Action<ImagesClientOptions>? configure) in variants)
            {
                ImagesClient client = Clients.Ours(handler, configure: configure);
                await ProbeAsync("Url_small", name, async () => (await client.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.DallE3, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url }).ConfigureAwait(false)).Images.Count, 1).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static async Task ProbeAsync(string @case, string method, Func<Task<long>> run, long payload)
    {
        for (int i = 0; i < Warmup; i++)
        {
            await run().ConfigureAwait(false);
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < Calls; i++)
        {
            await run().ConfigureAwait(false);
        }

        long perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / Calls;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{@case,-20} {method,-15} {payload,12:N0} B  {perCall,14:N0} B  {(double)perCall / payload,8:0.000}x"));
    }
}
