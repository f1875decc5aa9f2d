using System.ClientModel;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>A dall-e-3 generation answered with one URL (about 400 bytes of JSON): the per-call overhead of each client.</summary>
[MemoryDiagnoser]
public class UrlSmallBenchmarks : CannedClientsBenchmark
{
    private ImagesClient _oursRetriesOff = null!;

    [GlobalSetup]
    public void Setup()
    {
        StartClients(Payloads.UrlResponse(), "dall-e-3");
        _oursRetriesOff = Clients.Ours(_handler, maxRetries: 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        StopClients();
    }

    [Benchmark(Baseline = true, Description = "Raw HttpClient + JsonDocument")]
    public async Task<string> Raw()
    {
        System.Uri[] urls = await RawApi.GenerateUrlAsync(_raw, new RawGenerationRequest { Model = "dall-e-3", Prompt = Payloads.Prompt, Size = "1024x1024", ResponseFormat = "url" }).ConfigureAwait(false);
        return urls[0].AbsoluteUri;
    }

    /// <summary>The package defaults: 2 retries armed, validation on, the dall-e-3 limiter in the pipeline (never waiting).</summary>
    [Benchmark(Description = "OpenAIImages ImagesClient (defaults)")]
    public async Task<string> Ours()
    {
        ImageResult result = await _ours.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.DallE3, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url }).ConfigureAwait(false);
        return result.Images[0].Url!.AbsoluteUri;
    }

    /// <summary>Retries off (<c>MaxRetries = 0</c>): one attempt, one timer.</summary>
    [Benchmark(Description = "OpenAIImages, retries off")]
    public async Task<string> OursRetriesOff()
    {
        ImageResult result = await _oursRetriesOff.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.DallE3, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url }).ConfigureAwait(false);
        return result.Images[0].Url!.AbsoluteUri;
    }

    [Benchmark(Description = "Official OpenAI ImageClient (defaults)")]
    public async Task<string> Official()
    {
        ClientResult<OpenAI.Images.GeneratedImage> result = await _official.GenerateImageAsync(
            Payloads.Prompt,
            new OpenAI.Images.ImageGenerationOptions { Size = GeneratedImageSize.W1024xH1024, ResponseFormat = GeneratedImageFormat.Uri }).ConfigureAwait(false);
        return result.Value.ImageUri.AbsoluteUri;
    }
}
