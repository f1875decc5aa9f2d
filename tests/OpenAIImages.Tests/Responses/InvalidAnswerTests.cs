using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>
/// 200 bodies that are not Images answers: each is an <see cref="ImagesInvalidResponseException"/> with the status and
/// request id, the same in memory and to files, and a call to files that fails leaves no file.
/// </summary>
public sealed class InvalidAnswerTests : IDisposable
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };
    private static readonly string Png = Convert.ToBase64String(TestImages.ReferencePng);

    private readonly string _dir = Directory.CreateTempSubdirectory("openaiimages-invalid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RecordingApi Answering(string json, int chunk = 5) => new RecordingApi().Answer(_ =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk)) };
        response.Headers.Add("x-request-id", "req_bad");
        return response;
    });

    private static string Item(string fields) => "{\"created\":1,\"data\":[{" + fields + "}]}";

    public static TheoryData<string, string> Bodies() => new()
    {
        // Silent successes: no images where an answer has them, an image without bytes.
        { "{}", "no data array" },
        { "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}", "error object" },
        { "{\"created\":1,\"data\":{}}", "data is an object, not an array" },
        { "{\"created\":1,\"data\":null}", "data is null" },
        { "{\"created\":1,\"data\":[1]}", "Image 0 in data is a number, not an object" },
        { Item("\"b64_json\":null"), "Image 0 has neither b64_json nor url" },
        { Item("\"b64_json\":42"), "Image 0's b64_json is a number, not a string" },
        { Item("\"b64_json\":{\"x\":1}"), "Image 0's b64_json is an object, not a string" },
        { Item("\"b64_json\":\"\""), "Image 0's b64_json is empty" },
        { Item("\"revised_prompt\":\"only a prompt\""), "Image 0 has neither b64_json nor url" },

        // What used to escape as exceptions of other types.
        { Item("\"url\":\"not a url\""), "Image 0's url is not an absolute URL" },
        { Item("\"url\":\"http://[::1\""), "Image 0's url is not an absolute URL" },
        { Item("\"url\":\"file:///etc/passwd\""), "scheme 'file'; only http and https" },
        { Item("\"url\":\"ftp://cdn.test/a.png\""), "scheme 'ftp'" },
        { Item("\"b64_json\":\"" + Png + "\",\"revised_prompt\":\"\\ud800 lone\""), "revised_prompt is not valid Unicode text" },
        { "{\"created\":1e400,\"data\":[]}", "created is not a time" },
        { "{\"created\":99999999999999,\"data\":[]}", "created is not a time" },
        { "{\"created\":1.5,\"data\":[]}", "created is not a time" },
        { "{\"created\":\"1700000000\",\"data\":[]}", "created is a string, not a number" },
        { "{\"created\":1,\"data\":[],\"usage\":{\"input_tokens\":3000000000}}", "usage.input_tokens is not a token count" },
        { "{\"created\":1,\"data\":[],\"usage\":{\"total_tokens\":-1}}", "usage.total_tokens is not a token count" },
        { "{\"created\":1,\"data\":[],\"usage\":{\"output_tokens\":\"12\"}}", "usage.output_tokens is a string, not a number" },
        { "{\"created\":1,\"data\":[],\"usage\":[1]}", "usage is an array, not an object" },
        { "{\"created\":1,\"data\":[],\"size\":1024}", "size is a number, not a string" },

        // Memory and files used to disagree on these.
        { Item("\"b64_json\":\"iVBO\\u0000Rw0K\""), "b64_json is not valid base64" },
        { Item("\"b64_json\":\"" + Png + "\",\"b64_json\":\"" + Png + "\""), "Image 0 has b64_json twice" },
        { Item("\"b64_json\":\"iVBO\tRw0K\""), "b64_json is not valid base64" },
        { "{\"created\":1,\"data\":[],\"data\":[]}", "data twice" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_that_is_not_an_images_answer_is_an_invalid_response_in_memory(string json, string message)
    {
        var error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(() => Answering(json).Client().GenerateAsync(Request));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("The Images API answered 200 but its body could not be read: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(200, error.Status);
        Assert.Equal("req_bad", error.RequestId);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_that_is_not_an_images_answer_is_an_invalid_response_to_files_and_leaves_no_file(string json, string message)
    {
        var error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(() => Answering(json).Client().GenerateToFilesAsync(Request, _dir));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_empty_data_array_is_a_valid_answer_with_no_images()
    {
        ImageResult result = await Answering("{\"created\":1,\"data\":[]}").Client().GenerateAsync(Request);

        Assert.Empty(result.Images);
    }

    [Fact]
    public async Task A_null_b64_json_beside_a_url_is_a_url_image_and_nulls_read_as_absent()
    {
        ImageResult result = await Answering("{\"created\":null,\"size\":null,\"usage\":null,\"error\":null,\"data\":[{\"b64_json\":null,\"url\":\"https://cdn.test/a.png\",\"revised_prompt\":null}]}").Client().GenerateAsync(Request);

        GeneratedImage image = Assert.Single(result.Images);
        Assert.Equal("https://cdn.test/a.png", image.Url!.AbsoluteUri);
        Assert.False(image.HasBytes);
        Assert.Null(result.Size);
        Assert.Null(result.Usage);
    }

    // Raw spaces in base64 (legal in a JSON string) are white space, skipped, in memory and to files alike.
    [Fact]
    public async Task Raw_spaces_in_base64_are_skipped_in_memory_and_to_files_alike()
    {
        string spaced = string.Join(" ", Png.Chunk(7).Select(c => new string(c)));
        string json = Item("\"b64_json\":\"" + spaced + "\"");

        ImageResult inMemory = await Answering(json).Client().GenerateAsync(Request);
        ImageResult toFiles = await Answering(json).Client().GenerateToFilesAsync(Request, _dir);

        Assert.Equal(TestImages.ReferencePng, inMemory.Images[0].Bytes.ToArray());
        Assert.Equal(TestImages.ReferencePng, await File.ReadAllBytesAsync(toFiles.Images[0].FilePath!));
    }

    [Fact]
    public async Task A_call_cancelled_after_its_first_image_leaves_no_file()
    {
        string json = "{\"created\":1,\"data\":[{\"b64_json\":\"" + Png + "\"},{\"b64_json\":\"" + Png;
        using var cts = new CancellationTokenSource();
        var api = new RecordingApi().Answer(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            // The first image is complete; the body then stalls inside the second until the caller cancels.
            Content = new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes(json), 64, hang: true, atEnd: cts.Cancel)),
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.Client().GenerateToFilesAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2, N = 2 }, _dir, cancellationToken: cts.Token));

        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_failed_download_after_a_written_image_leaves_no_file()
    {
        var api = new RecordingApi().Answer(sent => sent.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : RecordingApi.Json("{\"created\":1,\"data\":[{\"b64_json\":\"" + Png + "\"},{\"url\":\"https://cdn.test/gone.png?sig=s\"}]}"));

        var error = await Assert.ThrowsAsync<ImagesDownloadException>(() => api.Client().GenerateToFilesAsync(Request, _dir));

        Assert.Equal((1, 404), (error.ImageIndex, error.Status));
        Assert.Equal("Downloading image 1 from https://cdn.test/gone.png failed with status 404.", error.Message);
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_file_that_cannot_be_written_is_a_file_error_naming_it()
    {
        string blocker = Path.Combine(_dir, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the folder should be");

        var error = await Assert.ThrowsAsync<ImagesFileException>(() => Answering(Item("\"b64_json\":\"" + Png + "\"")).Client().GenerateToFilesAsync(Request, blocker));

        Assert.StartsWith(blocker, error.FilePath, StringComparison.Ordinal);
        Assert.Equal([blocker], Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }
}
