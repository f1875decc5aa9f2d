using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Batches;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Batches;

/// <summary>What the batch client does with answers a fault harness sends: each ends in a result or a documented exception, no paid line is lost, no file replaced, no secret shown.</summary>
public sealed class BatchFaultTests : IDisposable
{
    private const string Secret = "sk-proj-LEAKEDsecret0123456789";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "batch-faults-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    internal static string Success(string customId, byte[] image) =>
        "{\"id\":\"r\",\"custom_id\":" + System.Text.Json.JsonSerializer.Serialize(customId) + ",\"response\":{\"status_code\":200,\"request_id\":\"req\",\"body\":{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(image) + "\"}]}},\"error\":null}";

    internal static byte[] Image(int seed) => TestImages.Png(1 + seed % 7, 1 + seed / 7 % 7);

    [Fact]
    public async Task A_broken_line_comes_back_as_a_failed_line_and_the_paid_lines_after_it_are_saved()
    {
        string file = Success("a", Image(1)) + "\n{\"custom_id\":\"b\",\"response\":{\"status_code\":200,\"body\":{\"data\":[{\"b64_json\":\"iVBO\n" + Success("c", Image(2)) + "\n";

        List<ImagesBatchLineResult> results = await ReadAsync(file);

        Assert.Equal(["a", "b", "c"], results.Select(r => r.CustomId));
        Assert.True(results[0].Succeeded);
        Assert.Equal("unreadable_batch_line", results[1].Error!.ErrorCode);
        Assert.StartsWith("Line 2 of batch file file-out (request 'b') could not be read, so its result is lost", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(Image(2), File.ReadAllBytes(results[2].Result!.Images[0].FilePath!));
        Assert.Equal(["a-0.png", "c-0.png"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("{\"custom_id\":\"\\ud800x\",\"response\":{\"status_code\":400,\"body\":{\"error\":{\"message\":\"bad\",\"code\":\"c\"}}}}")]
    [InlineData("{\"custom_id\":\"x\",\"response\":{\"status_code\":400,\"body\":{\"error\":{\"message\":\"bad \\udc00\",\"code\":\"c\"}}}}")]
    [InlineData("{\"custom_id\":\"x\",\"response\":null,\"error\":{\"\\ud800\":\"v\",\"message\":\"m\"}}")]
    [InlineData("{\"custom_id\":\"x\xff\xfe\",\"response\":null,\"error\":{\"message\":\"m \xc3\x28\"}}")]
    [InlineData("{\"\xff\":1,\"custom_id\":\"x\",\"response\":null,\"error\":{\"message\":\"m\"}}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"custom_id\":\"x\",\"response\":{\"status_code\":200,\"body\":{\"data\":[{\"b64_json\":\"!!!\"}]}}}")]
    public async Task A_line_of_text_the_reader_cannot_decode_is_a_typed_line_and_the_next_line_is_saved(string line)
    {
        byte[] file = [.. Encoding.Latin1.GetBytes(line), (byte)'\n', .. Encoding.UTF8.GetBytes(Success("next", Image(3)) + "\n")];

        List<ImagesBatchLineResult> results = await ReadAsync(file);

        Assert.Equal(2, results.Count);
        Assert.NotNull(results[0].Error);
        Assert.Equal("next", results[1].CustomId);
        Assert.Equal(Image(3), File.ReadAllBytes(results[1].Result!.Images[0].FilePath!));
    }

    [Fact]
    public async Task Ids_that_make_the_same_file_name_each_keep_their_own_image()
    {
        string[] ids = ["dup", "dup", "a/b", "a_b", "..", "request", "DUP", ".hidden", "con"];
        string file = string.Concat(ids.Select((id, i) => Success(id, Image(i)) + "\n"));

        List<ImagesBatchLineResult> results = await ReadAsync(file);

        string[] paths = results.Select(r => r.Result!.Images[0].FilePath!).ToArray();
        Assert.Equal(ids.Length, paths.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(Image(i), File.ReadAllBytes(paths[i]));
            Assert.Equal(_folder, Path.GetDirectoryName(paths[i]));
            Assert.False(Path.GetFileName(paths[i]).StartsWith('.'), paths[i]);
        }
    }

    [Fact]
    public async Task A_completed_batch_that_names_no_output_file_is_an_error_not_zero_lines()
    {
        var api = new RecordingApi().AnswerJson("{}");
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());
        var batch = new ImagesBatch("batch_1", "completed", null, "file-in", null, null, new ImagesBatchRequestCounts(3, 3, 0), null, null);

        var error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(async () => await client.ReadResultsAsync(batch, _folder).ToListAsync());

        Assert.Contains("completed but names no output file", error.Message, StringComparison.Ordinal);
        Assert.Empty(api.Sent);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../../v1/batches")]
    [InlineData("a\\b")]
    public async Task An_output_file_id_that_is_not_an_id_is_refused_before_anything_is_fetched(string fileId)
    {
        var api = new RecordingApi().AnswerJson("{}");
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());
        var batch = new ImagesBatch("batch_1", "completed", null, "file-in", fileId, null, new ImagesBatchRequestCounts(1, 1, 0), null, null);

        await Assert.ThrowsAsync<ImagesInvalidResponseException>(async () => await client.ReadResultsAsync(batch, _folder).ToListAsync());

        Assert.Empty(api.Sent);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    public async Task A_batch_id_that_would_change_the_path_is_refused_before_sending(string batchId)
    {
        var api = new RecordingApi().AnswerJson("{}");
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(batchId));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CancelAsync(batchId));

        Assert.Empty(api.Sent);
    }

    [Fact]
    public async Task What_the_service_writes_about_a_line_or_a_failed_batch_never_shows_a_key()
    {
        string line = "{\"custom_id\":\"id-" + Secret + "\",\"response\":{\"status_code\":400,\"request_id\":\"" + Secret + "\",\"body\":{\"error\":{\"message\":\"key " + Secret + "\",\"type\":\"" + Secret + "\",\"param\":\"" + Secret + "\",\"code\":\"" + Secret + "\"}}}}\n";
        List<ImagesBatchLineResult> results = await ReadAsync(line);
        ImagesBatchLineException error = results[0].Error!;
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, string.Join("|", error.ErrorCode, error.ErrorType, error.Param, error.RequestId, error.CustomId, error.Details.ServerMessage, error.Details.ToString()), StringComparison.Ordinal);

        var api = new RecordingApi().AnswerJson("{\"id\":\"batch_1\",\"status\":\"failed\",\"errors\":{\"data\":[null,{\"code\":\"" + Secret + "\",\"message\":\"" + Secret + "\",\"param\":\"" + Secret + "\",\"line\":2}]}}");
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());
        ImagesBatch batch = await client.GetAsync("batch_1");
        Assert.DoesNotContain(Secret, new ImagesBatch("batch_" + Secret, "failed", null, null, null, null, new ImagesBatchRequestCounts(0, 0, 0), null, null).ToString(), StringComparison.Ordinal);
        ImagesBatchError refused = Assert.Single(batch.Errors);
        Assert.DoesNotContain(Secret, refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, refused.Line);
    }

    [Theory]
    [InlineData("{\"id\":\"batch_1\",\"status\":\"completed\",\"created_at\":99999999999999999}")]
    [InlineData("{\"id\":\"batch_1\",\"status\":\"completed\",\"created_at\":-99999999999999}")]
    [InlineData("{\"id\":\"batch_1\",\"status\":\"completed\",\"errors\":{\"data\":[null]}}")]
    public async Task A_batch_object_with_values_out_of_range_is_read_without_them(string json)
    {
        var api = new RecordingApi().AnswerJson(json);
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        ImagesBatch batch = await client.GetAsync("batch_1");

        Assert.Null(batch.CreatedAt);
        Assert.Empty(batch.Errors);
    }

    [Theory]
    [InlineData("{\"id\":\"batch_\\ud800\",\"status\":\"completed\"}")]
    [InlineData("{\"id\":\"batch_1\",\"status\":\"completed\",\"request_counts\":{\"total\":99999999999}}")]
    [InlineData("{\"id\":\"batch_1\",\"status\":\"completed\",\"metadata\":[]}")]
    public async Task A_batch_object_the_reader_cannot_decode_is_an_invalid_response(string json)
    {
        var api = new RecordingApi().AnswerJson(json);
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        await Assert.ThrowsAsync<ImagesInvalidResponseException>(() => client.GetAsync("batch_1"));
    }

    [Theory]
    [InlineData("create")]
    [InlineData("poll")]
    [InlineData("cancel")]
    [InlineData("list")]
    public async Task A_success_body_cut_off_by_the_connection_is_a_connection_error(string call)
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"id\":\"batch_1\",\"status\":\"in_pro");
        var api = new RecordingApi().Answer(sent => sent.Uri.AbsolutePath == "/v1/files"
            ? RecordingApi.Json("{\"id\":\"file-1\"}")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(body, 7, fail: true)) });
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        Task act = call switch
        {
            "create" => client.SubmitAsync([ImagesBatchRequest.ForGeneration("a", new ImageGenerationOptions("x") { Model = ImageModel.GptImage1 })]),
            "poll" => client.GetAsync("batch_1"),
            "cancel" => client.CancelAsync("batch_1"),
            _ => client.ListAsync().ToListAsync().AsTask(),
        };

        var error = await Assert.ThrowsAsync<ImagesConnectionException>(() => act);
        Assert.Contains("answer was being read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_results_download_that_cuts_off_mid_file_is_a_connection_error_after_the_lines_before_it()
    {
        byte[] file = Encoding.UTF8.GetBytes(Success("a", Image(1)) + "\n" + Success("b", Image(2))[..40]);
        var api = new RecordingApi().Answer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(file, 100, fail: true)) });
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());
        var saved = new List<string>();

        await Assert.ThrowsAsync<ImagesConnectionException>(async () =>
        {
            await foreach (ImagesBatchLineResult line in client.ReadResultsAsync(Completed(), _folder))
            {
                saved.Add(line.CustomId);
            }
        });

        Assert.Equal(["a"], saved);
    }

    [Fact]
    public async Task A_line_longer_than_the_reader_holds_is_streamed_to_its_file_and_the_lines_around_it_are_read()
    {
        byte[] big = [.. TestImages.Png(2, 2), .. new byte[3 * 1024 * 1024]];
        string cut = Success("cut", big);
        string file = Success("small", Image(1)) + "\n" + Success("big", big) + "\n" + cut[..(cut.Length / 2)] + "\n" + Success("after", Image(2)) + "\n";

        List<ImagesBatchLineResult> results = await ReadAsync(file);

        Assert.Equal(["small", "big", "cut", "after"], results.Select(r => r.CustomId));
        Assert.Equal(big, File.ReadAllBytes(results[1].Result!.Images[0].FilePath!));
        Assert.Equal("unreadable_batch_line", results[2].Error!.ErrorCode);
        Assert.Equal(Image(2), File.ReadAllBytes(results[3].Result!.Images[0].FilePath!));
        Assert.Equal(["after-0.png", "big-0.png", "small-0.png"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_line_whose_answer_has_an_unexpected_top_level_prompt_filter_shape_keeps_its_image()
    {
        string line = "{\"custom_id\":\"f\",\"response\":{\"status_code\":200,\"body\":{\"created\":1,\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":7}],\"data\":[{\"b64_json\":\""
            + Convert.ToBase64String(Image(4)) + "\"}]}}}\n";

        List<ImagesBatchLineResult> results = await ReadAsync(line);

        Assert.Null(results[0].Error);
        Assert.Equal(Image(4), File.ReadAllBytes(Assert.Single(results).Result!.Images[0].FilePath!));
    }

    private static ImagesBatch Completed() =>
        new("batch_1", "completed", "/v1/images/generations", "file-in", "file-out", null, new ImagesBatchRequestCounts(1, 1, 0), null, null);

    private Task<List<ImagesBatchLineResult>> ReadAsync(string file) => ReadAsync(Encoding.UTF8.GetBytes(file));

    private async Task<List<ImagesBatchLineResult>> ReadAsync(byte[] file)
    {
        var api = new RecordingApi().Answer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(file) });
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());
        return await client.ReadResultsAsync(Completed(), _folder).ToListAsync();
    }
}
