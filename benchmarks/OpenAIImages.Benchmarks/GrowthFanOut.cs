using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The growth benchmark's fan-out case, in a child process: N prompts, made one at a time by a lazy generator, sent 16 at
/// a time to a canned server (the parent's) that answers each at once with one small <c>b64_json</c> image. Each outcome
/// is handled as it arrives (its image's bytes counted, not saved: the fan-out's own cost is what is measured) and
/// dropped. Ours is <see cref="ImagesClientFanOutExtensions.GenerateManyStreamingAsync"/>; the floor is a careful
/// hand-written <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>
/// loop over <see cref="HttpClient"/>. Flat peak working set in N shows that neither holds the prompts or the outcomes.
/// </summary>
public static class GrowthFanOut
{
    /// <summary>The variants: a hand-written HttpClient loop, and ours.</summary>
    public static readonly string[] Variants = ["raw", "ours"];

    /// <summary>How many prompts run at once, in both variants.</summary>
    public const int Concurrency = 16;

    /// <summary>The decoded size of the one image each answer carries.</summary>
    public const int ImageBytes = 1024;

    /// <summary>Starts the canned server: every request drained and answered at once with one small image.</summary>
    public static Task<LoopbackServer> StartServerAsync() =>
        LoopbackServer.StartCannedAsync(Payloads.B64Response([Payloads.FakePng(ImageBytes, 5)]));

    /// <summary>Runs one variant over <paramref name="prompts"/> prompts; what it got.</summary>
    public static async Task<string> RunAsync(string variant, int prompts, Uri baseAddress)
    {
        // One handler per process, as an app has: a connection per prompt in flight, reused.
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        (int answered, long bytes) = variant switch
        {
            "ours" => await OursAsync(Clients.Ours(handler, baseAddress), prompts).ConfigureAwait(false),
            "raw" => await RawAsync(handler, baseAddress, prompts).ConfigureAwait(false),
            _ => throw new ArgumentException("Unknown fan-out variant " + variant, nameof(variant)),
        };

        return answered == prompts && bytes == (long)prompts * ImageBytes
            ? string.Create(CultureInfo.InvariantCulture, $"{answered:N0} prompts answered, {bytes / 1e6:0.0} MB of images counted")
            : throw new InvalidDataException($"{answered} of {prompts} prompts answered, {bytes} bytes");
    }

    // The prompts as a caller's generator makes them: none exists before it is asked for.
    private static IEnumerable<string> Prompts(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return Payloads.Prompt + " #" + i.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static async Task<(int Answered, long Bytes)> OursAsync(ImagesClient client, int prompts)
    {
        IEnumerable<ImageGenerationOptions> requests = Generations(prompts);
        int answered = 0;
        long bytes = 0;
        await foreach (ImageGenerationOutcome outcome in client.GenerateManyStreamingAsync(requests, Concurrency).ConfigureAwait(false))
        {
            ImageResult result = outcome.Result ?? throw new InvalidDataException($"prompt {outcome.Index} failed: {outcome.Error!.Message}");
            answered++;
            bytes += result.Images[0].Bytes.Length;
        }

        return (answered, bytes);

        static IEnumerable<ImageGenerationOptions> Generations(int count)
        {
            foreach (string prompt in Prompts(count))
            {
                yield return new ImageGenerationOptions(prompt) { Model = ImageModel.GptImage1 };
            }
        }
    }

    // As a careful caller writes it by hand: Parallel.ForEachAsync reads the generator as workers free up, each answer's
    // image decoded, counted and dropped.
    private static async Task<(int Answered, long Bytes)> RawAsync(HttpMessageHandler handler, Uri baseAddress, int prompts)
    {
        using HttpClient http = Clients.Raw(handler, baseAddress);
        int answered = 0;
        long bytes = 0;
        await Parallel.ForEachAsync(Prompts(prompts), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (prompt, ct) =>
        {
            byte[][] images = await RawApi.GenerateB64Async(http, new RawGenerationRequest { Model = "gpt-image-1", Prompt = prompt }, ct).ConfigureAwait(false);
            Interlocked.Increment(ref answered);
            Interlocked.Add(ref bytes, images[0].Length);
        }).ConfigureAwait(false);
        return (answered, bytes);
    }
}
