using System.ClientModel;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>An edit uploading a 4 MiB PNG from a file; the answer is one small image, so the upload dominates.</summary>
[MemoryDiagnoser]
public class EditFileBenchmarks : CannedClientsBenchmark
{
    private CannedHandler _flakyHandler = null!;
    private ImagesClient _oursWithRetry = null!;

    public int FileBytes { get; set; } = Payloads.DefaultEditFileBytes;

    public string ImagePath { get; private set; } = string.Empty;

    public int ResultImageBytes { get; } = 1024;

    /// <summary>Gets how many body bytes the last upload had.</summary>
    public long LastUploadBytes => _handler.LastUploadBytes;

    public long LastRetryUploadBytes => _flakyHandler.LastUploadBytes;

    public long RetryHandlerCalls => _flakyHandler.Calls;

    private string _directory = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Payloads.CreateTempDirectory("edit-" + FileBytes);
        ImagePath = Path.Combine(_directory, "input.png");
        File.WriteAllBytes(ImagePath, Payloads.FakePng(FileBytes, seed: 42));
        byte[] answer = Payloads.B64Response([Payloads.FakePng(ResultImageBytes, seed: 7)]);
        StartClients(answer, "gpt-image-1.5");
        _flakyHandler = new CannedHandler(answer, Payloads.ServerErrorResponse());
        _oursWithRetry = Clients.Ours(_flakyHandler, maxRetries: 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        StopClients();
        _flakyHandler.Dispose();
        Payloads.DeleteDirectory(_directory);
    }

    [Benchmark(Baseline = true, Description = "Raw MultipartFormDataContent + StreamContent")]
    public async Task<long> Raw()
    {
        byte[][] images = await RawApi.EditAsync(_raw, ImagePath, "gpt-image-1.5", Payloads.Prompt).ConfigureAwait(false);
        return images[0].Length;
    }

    [Benchmark(Description = "OpenAIImages EditAsync(FromFile)")]
    public async Task<long> Ours()
    {
        ImageResult result = await _ours.EditAsync(new ImageEditOptions(ImageInput.FromFile(ImagePath), Payloads.Prompt) { Model = ImageModel.GptImage15 }).ConfigureAwait(false);
        return result.Images[0].Bytes.Length;
    }

    /// <summary>Every first attempt answers 500 after reading the whole upload; the retry sends the file again.</summary>
    [Benchmark(Description = "OpenAIImages EditAsync, 1 retry (2 uploads)")]
    public async Task<long> OursWithRetry()
    {
        ImageResult result = await _oursWithRetry.EditAsync(new ImageEditOptions(ImageInput.FromFile(ImagePath), Payloads.Prompt) { Model = ImageModel.GptImage15 }).ConfigureAwait(false);
        return result.Images[0].Bytes.Length;
    }

    [Benchmark(Description = "Official ImageClient.GenerateImageEditAsync(path)")]
    public async Task<long> Official()
    {
        ClientResult<OpenAI.Images.GeneratedImage> result = await _official.GenerateImageEditAsync(ImagePath, Payloads.Prompt).ConfigureAwait(false);
        return result.Value.ImageBytes.ToMemory().Length;
    }
}
