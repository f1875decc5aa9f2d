using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>GenerateToFilesAsync and EditToFilesAsync: images decoded straight into files, named by their real format.</summary>
public sealed class SaveToFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openaiimages-tofiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A PNG followed by 200 KB of noise: its base64 text spans several decode blocks and many reads.
    private static byte[] LargePng(int seed)
    {
        byte[] png = TestImages.Png(8, 8);
        var noise = new byte[200_000];
        new Random(seed).NextBytes(noise);
        return [.. png, .. noise];
    }

    private static string B64Json(params string[] base64) =>
        "{\"created\":1700000000,\"data\":[" + string.Join(",", base64.Select(b => "{\"b64_json\":\"" + b + "\"}")) + "],\"output_format\":\"png\"}";

    private static HttpResponseMessage Chunked(string json, int chunk)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk)) };
        response.Content.Headers.ContentType = new("application/json");
        response.Headers.Add("x-request-id", "req_files");
        return response;
    }

    private string[] LeftoverTempFiles() => Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories);

    [Fact]
    public async Task Each_image_is_written_to_its_own_file_named_by_the_format_in_its_bytes()
    {
        byte[][] images = [LargePng(1), TestImages.Jpeg(16, 16), TestImages.Webp(16, 16), Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")];
        var api = new RecordingApi().Answer(_ => Chunked(B64Json(images.Select(Convert.ToBase64String).ToArray()), chunk: 997));
        string target = Path.Combine(_dir, "new", "folder");

        ImageResult result = await api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, N = 4 }, target);

        string[] expected = ["image-0.png", "image-1.jpg", "image-2.webp", "image-3.svg"];
        Assert.Equal(expected, Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        for (int i = 0; i < images.Length; i++)
        {
            GeneratedImage image = result.Images[i];
            Assert.Equal(Path.Combine(target, expected[i]), image.FilePath);
            Assert.Equal(images[i], await File.ReadAllBytesAsync(image.FilePath!));
            Assert.False(image.HasBytes);
            Assert.True(image.Bytes.IsEmpty);
            Assert.Equal(Path.GetExtension(expected[i]), image.FileExtension);
        }

        Assert.Equal("req_files", result.RequestId);
        Assert.Equal(ImageOutputFormat.Png, result.OutputFormat);
        Assert.Empty(LeftoverTempFiles());
    }

    [Fact]
    public async Task Escaped_and_line_broken_base64_still_gives_the_exact_bytes()
    {
        byte[] first = LargePng(2);
        byte[] second = LargePng(3);
        string escaped = Convert.ToBase64String(first).Replace("/", "\\/", StringComparison.Ordinal);
        string lineBroken = Convert.ToBase64String(second, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\\n", StringComparison.Ordinal);
        var api = new RecordingApi().Answer(_ => Chunked(B64Json(escaped, lineBroken), chunk: 4096));

        ImageResult result = await api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, N = 2 }, _dir, "shot");

        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(_dir, "shot-0.png")));
        Assert.Equal(second, await File.ReadAllBytesAsync(Path.Combine(_dir, "shot-1.png")));
        Assert.Equal(2, result.Images.Count);
    }

    public static TheoryData<string, int> Spellings()
    {
        var data = new TheoryData<string, int>();
        foreach (int chunk in new[] { 1, 3, 7, 64 })
        {
            data.Add("plain", chunk);
            data.Add("unpadded", chunk);
            data.Add("escaped-slash", chunk);
            data.Add("unicode-escapes", chunk);
            data.Add("line-breaks", chunk);
            data.Add("spaces-around", chunk);
        }

        return data;
    }

    // Every way a server may spell the same base64, read a few bytes at a time so escapes and quads split across reads.
    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task The_same_bytes_come_out_however_the_base64_is_spelled_and_split(string spelling, int chunk)
    {
        // Leading bytes that encode as "+/+/P/vv"; a length that needs padding.
        byte[] bytes = [0xFB, 0xFF, 0xBF, 0x3F, 0xFB, 0xEF, .. TestImages.Png(2, 2)];
        if (bytes.Length % 3 == 0)
        {
            bytes = [.. bytes, 7];
        }

        string b64 = Convert.ToBase64String(bytes);
        string value = spelling switch
        {
            "plain" => "\"" + b64 + "\"",
            "unpadded" => "\"" + b64.TrimEnd('=') + "\"",
            "escaped-slash" => "\"" + b64.Replace("/", "\\/", StringComparison.Ordinal) + "\"",
            "unicode-escapes" => "\"" + b64.Replace("/", "\\u002F", StringComparison.Ordinal).Replace("+", "\\u002b", StringComparison.Ordinal) + "\"",
            "line-breaks" => "\"" + string.Join("\\r\\n", b64.Chunk(8).Select(c => new string(c))) + "\"",
            _ => " \n \"" + b64 + "\" ",
        };
        Assert.EndsWith("=", b64, StringComparison.Ordinal);
        var api = new RecordingApi().Answer(_ => Chunked("{\"created\":1,\"data\":[{\"b64_json\":" + value + ",\"revised_prompt\":\"r\"}]}", chunk));

        ImageResult result = await api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 }, _dir);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_dir, "image-0.png")));
        Assert.Equal("r", result.Images[0].RevisedPrompt);
    }

    // Many random images, each spelled with random escapes and line breaks, padding kept or not, read in random chunks,
    // written to a file and, the same body again, read into memory.
    [Fact]
    public async Task Random_spellings_and_splits_always_give_the_exact_bytes()
    {
        var random = new Random(20261125);
        for (int round = 0; round < 150; round++)
        {
            byte[] bytes = new byte[random.Next(1, 3000)];
            random.NextBytes(bytes);
            var text = new StringBuilder();
            string b64 = Convert.ToBase64String(bytes);
            if (random.Next(2) == 0)
            {
                b64 = b64.TrimEnd('=');
            }

            foreach (char c in b64)
            {
                if (random.Next(40) == 0)
                {
                    text.Append(random.Next(2) == 0 ? "\\n" : "\\r\\n");
                }

                text.Append(c switch
                {
                    '/' => random.Next(3) switch { 0 => "/", 1 => "\\/", _ => "\\u002F" },
                    '+' when random.Next(2) == 0 => "\\u002b",
                    _ => c.ToString(),
                });
            }

            int chunk = random.Next(1, 200);
            var api = new RecordingApi().Answer(_ => Chunked("{\"data\":[{\"b64_json\":\"" + text + "\"}],\"created\":1}", chunk));
            string dir = Path.Combine(_dir, "r" + round);

            ImageResult result = await api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 }, dir);

            ImageResult inMemory = await api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });

            byte[] written = await File.ReadAllBytesAsync(result.Images[0].FilePath!);
            Assert.True(bytes.AsSpan().SequenceEqual(written), $"round {round}: {bytes.Length} bytes, chunks of {chunk}, to a file");
            Assert.True(bytes.AsSpan().SequenceEqual(inMemory.Images[0].Bytes.Span), $"round {round}: {bytes.Length} bytes, chunks of {chunk}, in memory");
        }
    }

    [Fact]
    public async Task Cancelling_mid_image_removes_the_partial_file()
    {
        string json = B64Json(Convert.ToBase64String(LargePng(7)));
        byte[] half = Encoding.UTF8.GetBytes(json.Substring(0, json.Length / 2));
        using var cts = new System.Threading.CancellationTokenSource();
        var api = new RecordingApi().Answer(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(half, 4096, hang: true)) };
            cts.CancelAfter(TimeSpan.FromMilliseconds(100)); // the body stalls half-way; then the caller gives up
            return response;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 }, _dir, cancellationToken: cts.Token));

        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("\"iVBO*w0K\"")]
    [InlineData("\"iVBORw==iVBO\"")]
    [InlineData("\"iVBORw0K\\q\"")]
    [InlineData("\"i\"")]
    public async Task Base64_that_is_not_valid_fails_clearly_and_leaves_no_file(string value)
    {
        var api = new RecordingApi().AnswerJson("{\"created\":1,\"data\":[{\"b64_json\":" + value + "}]}");

        ImagesApiException error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(
            () => api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 }, _dir));

        Assert.Contains("b64_json is not valid base64", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_null_b64_json_without_a_url_is_an_invalid_answer_and_writes_no_file()
    {
        var api = new RecordingApi().AnswerJson("{\"created\":1,\"data\":[{\"b64_json\":null,\"url\":null}]}");

        var error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(
            () => api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 }, _dir));

        Assert.Contains("Image 0 has neither b64_json nor url", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    // A body that breaks off after its first image: the call failed, so it leaves no file at all, and an existing file
    // of the same name is not replaced (the files are put in place only once the whole answer is read).
    [Fact]
    public async Task A_body_that_breaks_off_leaves_no_file_and_replaces_none()
    {
        string json = B64Json(Convert.ToBase64String(LargePng(4)), Convert.ToBase64String(LargePng(5)));
        string truncated = json.Substring(0, json.Length - 100_000);
        var api = new RecordingApi().Answer(_ => Chunked(truncated, chunk: 8192));
        string existing = Path.Combine(_dir, "image-0.png");
        await File.WriteAllTextAsync(existing, "the previous image");

        ImagesApiException error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(
            () => api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, N = 2 }, _dir));

        Assert.Contains("body could not be read", error.Message, StringComparison.Ordinal);
        Assert.Equal([existing], Directory.GetFiles(_dir));
        Assert.Equal("the previous image", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task A_url_image_is_downloaded_into_its_file_without_the_api_key()
    {
        byte[] png = TestImages.Png(4, 4);
        var api = new RecordingApi().Answer(sent => sent.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(png) }
            : RecordingApi.Json("{\"created\":1,\"data\":[{\"url\":\"https://cdn.example/a.png\",\"revised_prompt\":\"a lighthouse\"}]}"));

        ImageResult result = await api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 }, _dir);

        GeneratedImage image = Assert.Single(result.Images);
        Assert.Equal(Path.Combine(_dir, "image-0.png"), image.FilePath);
        Assert.Equal(png, await File.ReadAllBytesAsync(image.FilePath!));
        Assert.Equal("https://cdn.example/a.png", image.Url!.AbsoluteUri);
        Assert.Equal("a lighthouse", image.RevisedPrompt);
        Assert.Null(api.Sent[1].Header("Authorization"));
    }

    [Fact]
    public async Task Edits_write_their_results_to_files_too_and_a_file_image_can_be_saved_elsewhere()
    {
        byte[] png = LargePng(6);
        var api = new RecordingApi().Answer(_ => Chunked(B64Json(Convert.ToBase64String(png)), chunk: 65536));
        var edit = new ImageEditOptions(ImageInput.FromBytes(TestImages.Png(64, 64), "in.png"), "add a moon") { Model = ImageModel.GptImage2 };

        ImageResult result = await api.Client().EditToFilesAsync(edit, _dir, "edited");
        string copy = Path.Combine(_dir, "copy", "moon.png");
        await result.Images[0].SaveAsync(copy);

        Assert.Equal(png, await File.ReadAllBytesAsync(Path.Combine(_dir, "edited-0.png")));
        Assert.Equal(png, await File.ReadAllBytesAsync(copy));
        Assert.EndsWith("/images/edits", api.Single.Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("..\\x")]
    public async Task A_prefix_that_is_not_a_plain_file_name_is_refused_before_sending(string prefix)
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(
            () => api.Client().GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 }, _dir, prefix));

        Assert.Equal("fileNamePrefix", error.ParamName);
        Assert.Empty(api.Sent);
    }
}
