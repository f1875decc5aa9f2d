using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>A file name as long as the file system allows (255 bytes) is written; the temporary file beside it never makes the name too long.</summary>
public sealed class LongFileNameTests : IDisposable
{
    private const int LongestName = 255;

    private readonly string _dir = Directory.CreateTempSubdirectory("openaiimages-longnames-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A prefix whose "{prefix}-0.png" is exactly `bytes` bytes of UTF-8, from two-byte characters when `wide`.
    private static string Prefix(int bytes, bool wide)
    {
        int prefixBytes = bytes - Encoding.UTF8.GetByteCount("-0.png");
        return wide ? new string('é', prefixBytes / 2) + new string('a', prefixBytes % 2) : new string('a', prefixBytes);
    }

    private string[] EverythingInTheFolder() => Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray()!;

    [Theory]
    [InlineData(242, false)]
    [InlineData(246, false)]
    [InlineData(255, false)]
    [InlineData(255, true)]
    public async Task GenerateToFilesAsync_writes_a_file_whose_name_is_as_long_as_the_file_system_allows(int nameBytes, bool wide)
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        string prefix = Prefix(nameBytes, wide);

        ImageResult result = await api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 }, _dir, prefix);

        string name = prefix + "-0.png";
        Assert.Equal(nameBytes, Encoding.UTF8.GetByteCount(name));
        Assert.Equal(Path.Combine(_dir, name), result.Images[0].FilePath);
        Assert.Equal(TestImages.ReferencePng, await File.ReadAllBytesAsync(result.Images[0].FilePath!));
        Assert.Equal([name], EverythingInTheFolder());
    }

    [Fact]
    public async Task SaveAsync_writes_a_file_whose_name_is_255_bytes()
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });
        string name = Prefix(LongestName, wide: true) + "-0.png";

        await result.Images[0].SaveAsync(Path.Combine(_dir, name));

        Assert.Equal(TestImages.ReferencePng, await File.ReadAllBytesAsync(Path.Combine(_dir, name)));
        Assert.Equal([name], EverythingInTheFolder());
    }

    [Fact]
    public async Task A_name_one_byte_too_long_fails_in_ImagesFileException_and_leaves_nothing_behind()
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });
        string path = Path.Combine(_dir, Prefix(LongestName + 1, wide: false) + "-0.png");

        await Assert.ThrowsAsync<ImagesFileException>(() => result.Images[0].SaveAsync(path));

        Assert.Empty(EverythingInTheFolder());
    }
}
