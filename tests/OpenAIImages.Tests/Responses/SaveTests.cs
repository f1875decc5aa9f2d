using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>Saving images: complete or not at all, and URL downloads never carry the key.</summary>
public sealed class SaveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openaiimages-save-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string UrlResponse(string url) => "{\"created\":1,\"data\":[{\"url\":\"" + url + "\"}]}";

    [Fact]
    public async Task Decoded_bytes_are_saved_completely_and_folders_are_created()
    {
        byte[] png = TestImages.Png(20, 10);
        var api = new RecordingApi().AnswerJson("{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(png) + "\"}]}");
        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });
        string path = Path.Combine(_dir, "a", "b", "out" + result.Images[0].FileExtension);

        await result.Images[0].SaveAsync(path);

        Assert.Equal(png, await File.ReadAllBytesAsync(path));
        Assert.Equal(".png", Path.GetExtension(path));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "a", "b")));
    }

    [Fact]
    public async Task A_url_image_is_downloaded_without_the_api_key()
    {
        byte[] png = TestImages.Png(4, 4);
        var api = new RecordingApi().Answer(sent => sent.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(png) }
            : RecordingApi.Json(UrlResponse("https://cdn.example/img.png?sig=1")));
        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 });
        string path = Path.Combine(_dir, "url.png");

        await result.Images[0].SaveAsync(path);

        Assert.Equal(png, await File.ReadAllBytesAsync(path));
        SentRequest download = api.Sent[1];
        Assert.Equal("https://cdn.example/img.png?sig=1", download.Uri.AbsoluteUri);
        Assert.Null(download.Header("Authorization"));
        Assert.DoesNotContain(download.Headers.Values, v => v.Contains(RecordingApi.ApiKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(262_143, 4096)]
    [InlineData(262_144, 4096)]
    [InlineData(262_145, 1000)]
    [InlineData(600_000, 65_536)]
    [InlineData(786_432, 262_144)]
    public async Task A_url_image_that_arrives_in_small_reads_is_saved_byte_for_byte_at_any_size(int size, int chunk)
    {
        // Sizes about the write block (AtomicFile.WriteBlockSize): the reads fill it before a write, and the last one
        // is written however short.
        byte[] image = new byte[size];
        new Random(size).NextBytes(image);
        var api = new RecordingApi().Answer(sent => sent.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(image, chunk)) }
            : RecordingApi.Json(UrlResponse("https://cdn.example/big.png")));
        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 });
        string path = Path.Combine(_dir, "big.png");

        await result.Images[0].SaveAsync(path);

        Assert.Equal(image, await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task A_download_that_breaks_midway_leaves_the_existing_file_untouched_and_no_temp_file()
    {
        var api = new RecordingApi().Answer(sent => sent.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(new byte[100_000], int.MaxValue, fail: true)) }
            : RecordingApi.Json(UrlResponse("https://cdn.example/img.png")));
        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE2 });
        string path = Path.Combine(_dir, "keep.png");
        await File.WriteAllTextAsync(path, "the previous image");

        var error = await Assert.ThrowsAsync<ImagesDownloadException>(() => result.Images[0].SaveAsync(path));

        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(0, error.ImageIndex);
        Assert.Null(error.Status);

        Assert.Equal("the previous image", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task A_failed_download_status_is_an_error_and_writes_nothing()
    {
        var api = new RecordingApi().Answer(sent => sent.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            : RecordingApi.Json(UrlResponse("https://cdn.example/expired.png?sig=old")));
        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE2 });

        var error = await Assert.ThrowsAsync<ImagesDownloadException>(() => result.Images[0].SaveAsync(Path.Combine(_dir, "x.png")));

        Assert.Contains("403", error.Message);
        Assert.DoesNotContain("sig=old", error.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task A_cancelled_save_leaves_nothing_behind()
    {
        var image = ImagesModelFactory.GeneratedImage(new byte[1_000_000]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => image.SaveAsync(Path.Combine(_dir, "c.png"), cts.Token));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Saving_replaces_an_existing_file_whole()
    {
        string path = Path.Combine(_dir, "r.png");
        await File.WriteAllBytesAsync(path, new byte[5000]);

        await ImagesModelFactory.GeneratedImage(TestImages.ReferencePng).SaveAsync(path);

        Assert.Equal(TestImages.ReferencePng, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task An_image_without_bytes_or_a_client_cannot_be_saved_and_says_why()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => ImagesModelFactory.GeneratedImage().SaveAsync(Path.Combine(_dir, "n.png")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ImagesModelFactory.GeneratedImage(url: new Uri("https://x.test/a.png")).SaveAsync(Path.Combine(_dir, "n.png")));
        await Assert.ThrowsAsync<ArgumentException>(() => ImagesModelFactory.GeneratedImage(TestImages.ReferencePng).SaveAsync(""));
    }
}
