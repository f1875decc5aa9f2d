using System;
using System.ClientModel;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>The b64 generation saved straight to files: what a call allocates on its way to disk.</summary>
[MemoryDiagnoser]
public class GenerateAndSaveBenchmarks : CannedClientsBenchmark
{
    private string[] _oursPaths = [];
    private string[] _officialPaths = [];

    public int ImageBytes { get; set; } = Payloads.DefaultImageBytes;

    public long ExpectedBytes => (long)ImageBytes * Payloads.ImageCount;

    public byte[][] Images { get; private set; } = [];

    public string Directory { get; private set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        Images = new byte[Payloads.ImageCount][];
        _oursPaths = new string[Payloads.ImageCount];
        _officialPaths = new string[Payloads.ImageCount];
        Directory = Payloads.CreateTempDirectory("save-" + ImageBytes);
        for (int i = 0; i < Images.Length; i++)
        {
            Images[i] = Payloads.FakePng(ImageBytes, seed: i + 1);
            _oursPaths[i] = Path.Combine(Directory, "ours-mem-" + i + ".png");
            _officialPaths[i] = Path.Combine(Directory, "official-" + i + ".png");
        }

        StartClients(Payloads.B64Response(Images), "gpt-image-2");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        StopClients();
        Payloads.DeleteDirectory(Directory);
    }

    [Benchmark(Baseline = true, Description = "Raw stream-decode to files")]
    public Task<long> Raw() =>
        RawApi.GenerateToFilesAsync(_raw, new RawGenerationRequest { Model = "gpt-image-2", Prompt = Payloads.Prompt, N = Payloads.ImageCount }, Directory);

    [Benchmark(Description = "OpenAIImages GenerateToFilesAsync")]
    public async Task<long> Ours()
    {
        ImageResult result = await _ours.GenerateToFilesAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.GptImage2, N = Payloads.ImageCount }, Directory, "ours").ConfigureAwait(false);
        long total = 0;
        for (int i = 0; i < result.Images.Count; i++)
        {
            total += new FileInfo(result.Images[i].FilePath!).Length;
        }

        return total;
    }

    /// <summary>The in-memory way for comparison: GenerateAsync, then each image's SaveAsync.</summary>
    [Benchmark(Description = "OpenAIImages GenerateAsync + SaveAsync")]
    public async Task<long> OursInMemory()
    {
        ImageResult result = await _ours.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.GptImage2, N = Payloads.ImageCount }).ConfigureAwait(false);
        long total = 0;
        for (int i = 0; i < result.Images.Count; i++)
        {
            await result.Images[i].SaveAsync(_oursPaths[i]).ConfigureAwait(false);
            total += result.Images[i].Bytes.Length;
        }

        return total;
    }

    [Benchmark(Description = "Official ImageClient + file write")]
    public async Task<long> Official()
    {
        ClientResult<GeneratedImageCollection> result = await _official.GenerateImagesAsync(Payloads.Prompt, Payloads.ImageCount).ConfigureAwait(false);
        long total = 0;
        for (int i = 0; i < result.Value.Count; i++)
        {
            ReadOnlyMemory<byte> bytes = result.Value[i].ImageBytes.ToMemory();
            await RawApi.WriteFileDurablyAsync(_officialPaths[i], bytes).ConfigureAwait(false);
            total += bytes.Length;
        }

        return total;
    }
}
