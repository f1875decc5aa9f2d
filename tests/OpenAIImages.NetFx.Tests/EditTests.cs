using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.NetFx.Tests.Support;

namespace OpenAIImages.NetFx.Tests;

/// <summary>Edits through the netstandard2.0 build on .NET Framework: the multipart upload and the images read back.</summary>
public sealed class EditTests : IDisposable
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
    public async Task Edit_uploads_the_image_and_prompt_as_multipart_and_returns_the_edited_image()
    {
        CannedApi api = CannedApi.Json(CannedApi.ImagesJson(TestImages.Png1));

        ImageResult result = await api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.Png8, "room.png"), "add a lamp") { Model = ImageModel.GptImage2 });

        SentRequest sent = api.Single;
        Assert.Equal("https://api.test/v1/images/edits", sent.Uri.ToString());
        Assert.StartsWith("multipart/form-data; boundary=", sent.ContentType, StringComparison.Ordinal);
        string body = Encoding.GetEncoding("ISO-8859-1").GetString(sent.Body);
        Assert.Contains("Content-Disposition: form-data; name=\"image\"; filename=\"room.png\"\r\nContent-Type: image/png\r\n\r\n" + Encoding.GetEncoding("ISO-8859-1").GetString(TestImages.Png8) + "\r\n", body, StringComparison.Ordinal);
        Assert.Contains("Content-Disposition: form-data; name=\"prompt\"\r\n\r\nadd a lamp\r\n", body, StringComparison.Ordinal);
        Assert.Contains("Content-Disposition: form-data; name=\"model\"\r\n\r\ngpt-image-2\r\n", body, StringComparison.Ordinal);
        Assert.Equal(TestImages.Png1, result.Images[0].Bytes.ToArray());
    }

    [Fact]
    public async Task EditToFiles_writes_the_b64_json_image_to_disk_byte_for_byte()
    {
        CannedApi api = CannedApi.Json(CannedApi.ImagesJson(TestImages.Png8));

        ImageResult result = await api.Client().EditToFilesAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.Png1, "dot.png"), "make it blue") { Model = ImageModel.GptImage2 }, _directory, "edited");

        Assert.Equal(Path.Combine(_directory, "edited-0.png"), result.Images[0].FilePath);
        Assert.Equal(TestImages.Png8, File.ReadAllBytes(Path.Combine(_directory, "edited-0.png")));
    }
}
