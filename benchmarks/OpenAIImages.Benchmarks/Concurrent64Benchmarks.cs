using System;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using OpenAIImages.Testing;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// 64 concurrent dall-e-2 256x256 URL generations against the Kestrel-hosted emulator on loopback, over real sockets.
/// One operation is all 64 calls; throughput is 64 / mean. The emulator runs in the same process, so its drawing and
/// allocations are included in both rows alike.
/// </summary>
[MemoryDiagnoser]
public class Concurrent64Benchmarks
{
    public const int Concurrency = 64;

    private EmulatorServer _server = null!;
    private SocketsHttpHandler _oursHandler = null!;
    private SocketsHttpHandler _rawHandler = null!;
    private ImagesClient _ours = null!;
    private HttpClient _raw = null!;
    private readonly Task<int>[] _tasks = new Task<int>[Concurrency];

    [GlobalSetup]
    public void Setup()
    {
        _server = new ImagesEmulator().StartServerAsync(port: 0).GetAwaiter().GetResult();
        Uri baseAddress = _server.BaseAddress;
        _oursHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _rawHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _ours = Clients.Ours(_oursHandler, baseAddress);
        _raw = Clients.Raw(_rawHandler, baseAddress);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _oursHandler.Dispose();
        _rawHandler.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Raw HttpClient x64")]
    public async Task<int> Raw()
    {
        for (int i = 0; i < Concurrency; i++)
        {
            _tasks[i] = RawOneAsync();
        }

        return Sum(await Task.WhenAll(_tasks).ConfigureAwait(false));
    }

    [Benchmark(Description = "OpenAIImages x64")]
    public async Task<int> Ours()
    {
        for (int i = 0; i < Concurrency; i++)
        {
            _tasks[i] = OursOneAsync();
        }

        return Sum(await Task.WhenAll(_tasks).ConfigureAwait(false));
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

    private static int Sum(int[] counts)
    {
        int total = 0;
        foreach (int count in counts)
        {
            total += count;
        }

        return total;
    }
}
