using System;
using System.ClientModel;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>Generation, n=4, <c>b64_json</c> images of 1.5 MiB each: time and bytes allocated per call, to the decoded bytes in memory.</summary>
[MemoryDiagnoser]
public class GenerateB64Benchmarks : CannedClientsBenchmark
{

    /// <summary>Gets or sets the decoded size of each image (not a BenchmarkDotNet parameter; the allocation probe varies it).</summary>
    public int ImageBytes { get; set; } = Payloads.DefaultImageBytes;

    /// <summary>Gets the decoded bytes a call must return.</summary>
    public long ExpectedBytes => (long)ImageBytes * Payloads.ImageCount;

    public byte[][] Images { get; private set; } = [];

    [GlobalSetup]
    public void Setup()
    {
        Images = new byte[Payloads.ImageCount][];
        for (int i = 0; i < Images.Length; i++)
        {
            Images[i] = Payloads.FakePng(ImageBytes, seed: i + 1);
        }

        StartClients(Payloads.B64Response(Images), "gpt-image-2");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        StopClients();
    }

    [Benchmark(Baseline = true, Description = "Raw HttpClient + JsonDocument")]
    public async Task<long> Raw()
    {
        byte[][] images = await RawApi.GenerateB64Async(_raw, new RawGenerationRequest { Model = "gpt-image-2", Prompt = Payloads.Prompt, N = Payloads.ImageCount }).ConfigureAwait(false);
        long total = 0;
        foreach (byte[] image in images)
        {
            total += image.Length;
        }

        return total;
    }

    [Benchmark(Description = "OpenAIImages ImagesClient")]
    public async Task<long> Ours()
    {
        ImageResult result = await _ours.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.GptImage2, N = Payloads.ImageCount }).ConfigureAwait(false);
        long total = 0;
        foreach (GeneratedImage image in result.Images)
        {
            total += image.Bytes.Length;
        }

        return total;
    }

    [Benchmark(Description = "Official OpenAI ImageClient")]
    public async Task<long> Official()
    {
        ClientResult<GeneratedImageCollection> result = await _official.GenerateImagesAsync(Payloads.Prompt, Payloads.ImageCount).ConfigureAwait(false);
        long total = 0;
        foreach (OpenAI.Images.GeneratedImage image in result.Value)
        {
            total += image.ImageBytes.ToMemory().Length;
        }

        return total;
    }

    /// <summary>Our call, returning the result for content checks.</summary>
    public Task<ImageResult> OursResultAsync() =>
        _ours.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.GptImage2, N = Payloads.ImageCount });
}
