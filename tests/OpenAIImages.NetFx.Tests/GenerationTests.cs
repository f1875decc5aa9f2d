using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAIImages.NetFx.Tests.Support;

namespace OpenAIImages.NetFx.Tests;

/// <summary>Generations through the netstandard2.0 build on .NET Framework: the request sent and the images read back, in memory and on disk.</summary>
public sealed class GenerationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "openaiimages-netfx-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Generate_sends_the_json_request_and_returns_the_decoded_images()
    {
        CannedApi api = CannedApi.Json(CannedApi.ImagesJson(TestImages.Png8, TestImages.Png1));

        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2, N = 2 });

        Assert.Equal(HttpMethod.Post, api.Single.Method);
        Assert.Equal("https://api.test/v1/images/generations", api.Single.Uri.ToString());
        Assert.Equal("{\"model\":\"gpt-image-2\",\"prompt\":\"a lighthouse\",\"n\":2}", api.Single.BodyText);
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(TestImages.Png8, result.Images[0].Bytes.ToArray());
        Assert.Equal(TestImages.Png1, result.Images[1].Bytes.ToArray());
        Assert.Equal("req_netfx", result.RequestId);
    }

    [Fact]
    public async Task GenerateToFiles_writes_each_b64_json_image_to_disk_byte_for_byte()
    {
        CannedApi api = CannedApi.Json(CannedApi.ImagesJson(TestImages.Png8, TestImages.Png1));

        ImageResult result = await api.Client().GenerateToFilesAsync(new ImageGenerationOptions("two moons") { Model = ImageModel.GptImage2, N = 2 }, _directory);

        Assert.Equal(Path.Combine(_directory, "image-0.png"), result.Images[0].FilePath);
        Assert.Equal(TestImages.Png8, File.ReadAllBytes(Path.Combine(_directory, "image-0.png")));
        Assert.Equal(TestImages.Png1, File.ReadAllBytes(Path.Combine(_directory, "image-1.png")));
        // Directory listings come in no particular order (Mono's differs from .NET's): compare them sorted.
        string[] names = Array.ConvertAll(Directory.GetFiles(_directory), Path.GetFileName);
        Array.Sort(names, StringComparer.Ordinal);
        Assert.Equal(new[] { "image-0.png", "image-1.png" }, names);
    }
}
