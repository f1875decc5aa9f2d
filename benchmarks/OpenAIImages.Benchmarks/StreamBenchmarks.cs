using System;
using System.Buffers;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// A streamed generation: 3 partial images of 1 MiB, then the completed image of 1.5 MiB, as one
/// <c>text/event-stream</c>. Time and bytes allocated per call, to the decoded bytes of all four images.
/// </summary>
/// <remarks>
/// The official package (2.15.0) has no typed image streaming, so its row is what its user writes: the protocol method
/// with <c>stream: true</c>, the response unbuffered, <see cref="SseParser"/> over it and <see cref="JsonDocument"/> per
/// event. The raw row is a careful hand-written client: <see cref="SseParser"/> handing each event's UTF-8 bytes to a
/// <see cref="Utf8JsonReader"/> that decodes <c>b64_json</c> once.
/// </remarks>
[MemoryDiagnoser]
public class StreamBenchmarks
{
    private CannedHandler _handler = null!;
    private ImagesClient _ours = null!;
    private HttpClient _raw = null!;
    private ImageClient _official = null!;

    /// <summary>Gets or sets the decoded size of each partial image; the completed one is 1.5 times that.</summary>
    public int PartialBytes { get; set; } = Payloads.DefaultPartialBytes;

    /// <summary>Gets the canned partial images, in order.</summary>
    public byte[][] Partials { get; private set; } = [];

    /// <summary>Gets the canned completed image.</summary>
    public byte[] Final { get; private set; } = [];

    /// <summary>Gets the decoded bytes a call must return: every partial image and the completed one.</summary>
    public long ExpectedBytes => ((long)PartialBytes * Payloads.PartialCount) + Final.Length;

    [GlobalSetup]
    public void Setup()
    {
        Partials = new byte[Payloads.PartialCount][];
        for (int i = 0; i < Partials.Length; i++)
        {
            Partials[i] = Payloads.FakePng(PartialBytes, seed: 10 + i);
        }

        Final = Payloads.FakePng(PartialBytes * 3 / 2, seed: 20);
        _handler = new CannedHandler(Payloads.EventStream(Partials, Final), contentType: "text/event-stream");
        _ours = Clients.Ours(_handler);
        _raw = Clients.Raw(_handler);
        _official = Clients.Official("gpt-image-2", _handler);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _handler.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Raw HttpClient + SseParser + Utf8JsonReader")]
    public async Task<long> Raw()
    {
        using HttpRequestMessage request = RawApi.GenerationRequest(new RawGenerationRequest { Model = "gpt-image-2", Prompt = Payloads.Prompt, Stream = true, PartialImages = Payloads.PartialCount });
        using HttpResponseMessage response = await _raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        long total = 0;
        await foreach (SseItem<byte[]?> item in SseParser.Create(body, static (_, data) => DecodeB64(data)).EnumerateAsync().ConfigureAwait(false))
        {
            total += item.Data?.Length ?? 0;
        }

        return total;
    }

    [Benchmark(Description = "OpenAIImages GenerateStreamingAsync")]
    public async Task<long> Ours()
    {
        long total = 0;
        await foreach (ImageStreamEvent item in _ours.GenerateStreamingAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.GptImage2, PartialImages = Payloads.PartialCount }).ConfigureAwait(false))
        {
            total += item.Image.Bytes.Length;
        }

        return total;
    }

    [Benchmark(Description = "Official OpenAI protocol method + SseParser")]
    public async Task<long> Official()
    {
        using BinaryContent content = BinaryContent.Create(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(
            new RawGenerationRequest { Model = "gpt-image-2", Prompt = Payloads.Prompt, Stream = true, PartialImages = Payloads.PartialCount },
            RawJson.Default.RawGenerationRequest)));
        ClientResult result = await _official.GenerateImagesAsync(content, new RequestOptions { BufferResponse = false }).ConfigureAwait(false);
        using PipelineResponse response = result.GetRawResponse();
        long total = 0;
        await foreach (SseItem<string> item in SseParser.Create(response.ContentStream!).EnumerateAsync().ConfigureAwait(false))
        {
            using JsonDocument document = JsonDocument.Parse(item.Data);
            if (document.RootElement.TryGetProperty("b64_json", out JsonElement b64))
            {
                total += b64.GetBytesFromBase64().Length;
            }
        }

        return total;
    }

    /// <summary>Our call, returning every event's image for content checks.</summary>
    public async Task<ImageStreamEvent[]> OursEventsAsync()
    {
        var events = new System.Collections.Generic.List<ImageStreamEvent>();
        await foreach (ImageStreamEvent item in _ours.GenerateStreamingAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.GptImage2, PartialImages = Payloads.PartialCount }).ConfigureAwait(false))
        {
            events.Add(item);
        }

        return [.. events];
    }

    private static byte[]? DecodeB64(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("b64_json"u8))
            {
                reader.Read();
                return reader.GetBytesFromBase64();
            }
        }

        return null;
    }
}
