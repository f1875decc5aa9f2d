using System;
using System.ClientModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The growth benchmark's in-flight case: N calls at once to a slow canned server (the parent's) that holds each request
/// for <see cref="GrowthOptions.Hold"/> before it answers one small <c>b64_json</c> image (or, to a streamed request, one
/// completed event). A child process per row: its peak working set over N is what each call holds while it waits.
/// </summary>
public static class GrowthInFlight
{
    /// <summary>The variants, each sending the same gpt-image-1 generation.</summary>
    public static readonly string[] Variants = ["raw", "ours", "ours-files", "ours-stream", "official"];

    /// <summary>The decoded size of the one image each answer carries.</summary>
    public const int ImageBytes = 16 * 1024;

    /// <summary>Starts the slow server: every request drained, held for <paramref name="hold"/>, then answered.</summary>
    public static Task<LoopbackServer> StartServerAsync(TimeSpan hold)
    {
        byte[] image = Payloads.FakePng(ImageBytes, 7);
        byte[] json = Payloads.B64Response([image]);
        byte[] events = Payloads.EventStream([], image);
        return LoopbackServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body).ConfigureAwait(false);
            bool stream = body.GetBuffer().AsSpan(0, (int)body.Length).IndexOf("\"stream\":true"u8) >= 0;
            await Task.Delay(hold).ConfigureAwait(false);
            await (stream ? LoopbackServer.AnswerAsync(context, events, "text/event-stream") : LoopbackServer.AnswerAsync(context, json)).ConfigureAwait(false);
        });
    }

    /// <summary>Makes <paramref name="calls"/> calls at once and waits for all; what they got.</summary>
    public static async Task<string> RunAsync(string variant, int calls, Uri baseAddress, string directory)
    {
        // One handler per process, as an app has: a connection per call in flight.
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using HttpClient raw = Clients.Raw(handler, baseAddress);
        ImagesClient ours = Clients.Ours(handler, baseAddress);
        ImageClient official = Clients.Official("gpt-image-1", handler, baseAddress);
        var generation = new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.GptImage1 };
        Func<int, Task<long>> call = variant switch
        {
            "raw" => async _ => (await RawApi.GenerateB64Async(raw, new RawGenerationRequest { Model = "gpt-image-1", Prompt = Payloads.Prompt }).ConfigureAwait(false))[0].Length,
            "ours" => async _ => (await ours.GenerateAsync(generation).ConfigureAwait(false)).Images[0].Bytes.Length,
            "ours-files" => async i =>
            {
                ImageResult result = await ours.GenerateToFilesAsync(generation, directory, "call" + i.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                return new FileInfo(result.Images[0].FilePath!).Length;
            },
            "ours-stream" => async _ =>
            {
                long bytes = 0;
                await foreach (ImageStreamEvent e in ours.GenerateStreamingAsync(generation).ConfigureAwait(false))
                {
                    bytes += e.Image.Bytes.Length;
                }

                return bytes;
            },
            "official" => async _ =>
            {
                ClientResult<OpenAI.Images.GeneratedImage> result = await official.GenerateImageAsync(Payloads.Prompt).ConfigureAwait(false);
                return result.Value.ImageBytes.ToMemory().Length;
            },
            _ => throw new ArgumentException("Unknown in-flight variant " + variant, nameof(variant)),
        };

        long[] got = await Task.WhenAll(Enumerable.Range(0, calls).Select(i => Task.Run(() => call(i)))).ConfigureAwait(false);
        int right = got.Count(bytes => bytes == ImageBytes);
        return right == calls
            ? string.Create(CultureInfo.InvariantCulture, $"{calls} calls answered")
            : throw new InvalidDataException($"{right} of {calls} calls got the image");
    }
}
