using System;
using System.ClientModel;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// 64 concurrent dall-e-2 256x256 URL generations over real loopback sockets to <see cref="LoopbackServer"/>, which
/// answers a canned body and does nothing else, so the clients' costs are not hidden behind a server's. One operation is
/// all 64 calls; throughput is 64 / mean. Each client has its own connection pool; all run with their defaults.
/// </summary>
[MemoryDiagnoser]
public class Concurrent64Benchmarks
{
    public const int Concurrency = 64;

    private readonly Task<int>[] _tasks = new Task<int>[Concurrency];
    private LoopbackServer _server = null!;
    private SocketsHttpHandler _oursHandler = null!;
    private SocketsHttpHandler _rawHandler = null!;
    private SocketsHttpHandler _officialHandler = null!;
    private ImagesClient _ours = null!;
    private HttpClient _raw = null!;
    private ImageClient _official = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = LoopbackServer.StartCannedAsync(Payloads.UrlResponse()).GetAwaiter().GetResult();
        Uri baseAddress = _server.BaseAddress;
        _oursHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _rawHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _officialHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _ours = Clients.Ours(_oursHandler, baseAddress);
        _raw = Clients.Raw(_rawHandler, baseAddress);
        _official = Clients.Official("dall-e-2", _officialHandler, baseAddress);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _oursHandler.Dispose();
        _rawHandler.Dispose();
        _officialHandler.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Raw HttpClient x64")]
    public Task<int> Raw() => RunAsync(RawOneAsync);

    [Benchmark(Description = "OpenAIImages x64 (defaults)")]
    public Task<int> Ours() => RunAsync(OursOneAsync);

    [Benchmark(Description = "Official OpenAI x64 (defaults)")]
    public Task<int> Official() => RunAsync(OfficialOneAsync);

    private async Task<int> RunAsync(Func<Task<int>> one)
    {
        for (int i = 0; i < Concurrency; i++)
        {
            _tasks[i] = one();
        }

        int total = 0;
        foreach (int count in await Task.WhenAll(_tasks).ConfigureAwait(false))
        {
            total += count;
        }

        return total;
    }

    private async Task<int> RawOneAsync()
    {
        Uri[] urls = await RawApi.GenerateUrlAsync(_raw, new RawGenerationRequest { Model = "dall-e-2", Prompt = Payloads.Prompt, Size = "256x256", ResponseFormat = "url" }).ConfigureAwait(false);
        return urls.Length;
    }

    private async Task<int> OursOneAsync()
    {
        ImageResult result = await _ours.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.DallE2, Size = ImageSize.Square256, ResponseFormat = ImageResponseFormat.Url }).ConfigureAwait(false);
        return result.Images.Count;
    }

    private async Task<int> OfficialOneAsync()
    {
        ClientResult<OpenAI.Images.GeneratedImage> result = await _official.GenerateImageAsync(
            Payloads.Prompt,
            new OpenAI.Images.ImageGenerationOptions { Size = GeneratedImageSize.W256xH256, ResponseFormat = GeneratedImageFormat.Uri }).ConfigureAwait(false);
        return result.Value.ImageUri is null ? 0 : 1;
    }
}
