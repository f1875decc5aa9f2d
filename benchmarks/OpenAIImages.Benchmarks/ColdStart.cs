using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// Cold start: process start to first completed call, with the JIT and every type initialiser on the clock. Each launch
/// is a child process of this program (<c>--cold-start-child ours|official|raw</c>) making one dall-e-3 URL call against
/// an in-process <see cref="CannedHandler"/>; the parent times from <see cref="Process.Start()"/> to the child's answer
/// line and reports the median of the launches. The clients take turns, so drift on a shared machine hits each alike.
/// </summary>
public static class ColdStart
{
    public static readonly string[] Clients = ["raw", "ours", "official"];

    private const string Done = "cold-start-done";

    /// <summary>Runs <paramref name="launches"/> launches of each client and prints the medians, in ms and as ratios.</summary>
    public static async Task<int> RunAsync(int launches)
    {
        var times = Clients.ToDictionary(c => c, _ => new List<double>());
        for (int i = 0; i < launches; i++)
        {
            foreach (string client in Clients)
            {
                (bool ok, double ms, string output) = await LaunchAsync(client).ConfigureAwait(false);
                if (!ok)
                {
                    Console.WriteLine($"cold start: the {client} child failed: {output}");
                    return 1;
                }

                times[client].Add(ms);
            }
        }

        double official = Median(times["official"]);
        double raw = Median(times["raw"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold start, process start to first completed call, median of {launches} launches each:"));
        foreach (string client in Clients)
        {
            double median = Median(times[client]);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {client,-9} {median,8:0.0} ms  ({median / raw:0.00}x raw, {median / official:0.00}x official; range {times[client].Min():0.0}-{times[client].Max():0.0} ms)"));
        }

        return 0;
    }

    /// <summary>One launch of one client: whether it answered correctly, how long it took, and what it printed.</summary>
    public static async Task<(bool Ok, double Milliseconds, string Output)> LaunchAsync(string client)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run as this process was: `dotnet x.dll` (the host needs the entry assembly named) or the apphost (it does not).
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ColdStart).Assembly.Location);
        }

        start.ArgumentList.Add("--cold-start-child");
        start.ArgumentList.Add(client);
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        string? line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false);
        double ms = clock.Elapsed.TotalMilliseconds;
        string rest = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false) + await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        bool ok = process.ExitCode == 0 && line == Done + " " + client;
        return (ok, ms, (line + " " + rest).Trim());
    }

    /// <summary>The child: one call with a fresh client, then the answer line. Touches nothing else of the benchmarks.</summary>
    public static async Task<int> ChildAsync(string client)
    {
        using var handler = new CannedHandler(Payloads.UrlResponse());
        string url = client switch
        {
            "ours" => await OursAsync(handler).ConfigureAwait(false),
            "official" => await OfficialAsync(handler).ConfigureAwait(false),
            "raw" => await RawAsync(handler).ConfigureAwait(false),
            _ => throw new ArgumentException("Unknown client " + client, nameof(client)),
        };

        if (!url.StartsWith("https://oaidalleapiprodscus.blob.core.windows.net/", StringComparison.Ordinal))
        {
            Console.WriteLine("wrong answer: " + url);
            return 1;
        }

        Console.WriteLine(Done + " " + client);
        return 0;
    }

    private static async Task<string> OursAsync(HttpMessageHandler handler)
    {
        // The package defaults, as a first call in a fresh app makes it.
        var options = new ImagesClientOptions { ApiKey = Benchmarks.Clients.ApiKey, BaseAddress = Benchmarks.Clients.BaseAddress };
        var client = new ImagesClient(new HttpClient(handler, disposeHandler: false), options);
        ImageResult result = await client.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.DallE3, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url }).ConfigureAwait(false);
        return result.Images[0].Url!.AbsoluteUri;
    }

    private static async Task<string> OfficialAsync(HttpMessageHandler handler)
    {
        OpenAI.Images.ImageClient client = Benchmarks.Clients.Official("dall-e-3", handler);
        ClientResult<OpenAI.Images.GeneratedImage> result = await client.GenerateImageAsync(
            Payloads.Prompt,
            new OpenAI.Images.ImageGenerationOptions { Size = OpenAI.Images.GeneratedImageSize.W1024xH1024, ResponseFormat = OpenAI.Images.GeneratedImageFormat.Uri }).ConfigureAwait(false);
        return result.Value.ImageUri.AbsoluteUri;
    }

    private static async Task<string> RawAsync(HttpMessageHandler handler)
    {
        using HttpClient http = Benchmarks.Clients.Raw(handler);
        Uri[] urls = await RawApi.GenerateUrlAsync(http, new RawGenerationRequest { Model = "dall-e-3", Prompt = Payloads.Prompt, Size = "1024x1024", ResponseFormat = "url" }).ConfigureAwait(false);
        return urls[0].AbsoluteUri;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
