using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using OpenAIImages.Batches;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Batches;

public sealed class BatchSubmitTests
{
    private const string BatchJson =
        "{\"id\":\"batch_1\",\"object\":\"batch\",\"endpoint\":\"/v1/images/generations\",\"errors\":null,\"input_file_id\":\"file-1\",\"completion_window\":\"24h\",\"status\":\"validating\",\"output_file_id\":null,\"error_file_id\":null,\"created_at\":1700000000,\"request_counts\":{\"total\":2,\"completed\":0,\"failed\":0},\"metadata\":{\"run\":\"nightly\"}}";

    [Fact]
    public async Task Submit_uploads_the_jsonl_lines_as_a_streamed_batch_file_then_creates_a_24h_batch_for_their_endpoint()
    {
        var api = new RecordingApi().Answer(sent => RecordingApi.Json(sent.Uri.AbsolutePath == "/v1/files" ? "{\"id\":\"file-1\",\"object\":\"file\",\"purpose\":\"batch\"}" : BatchJson));
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        ImagesBatch batch = await client.SubmitAsync(
            [
                ImagesBatchRequest.ForGeneration("cat", new ImageGenerationOptions("a cat") { Model = ImageModel.GptImage1, Size = ImageSize.Square1024 }),
                ImagesBatchRequest.ForGeneration("dog", new ImageGenerationOptions("a dog \"é\"") { Model = ImageModel.GptImage1, Quality = ImageQuality.Low }),
            ],
            new System.Collections.Generic.Dictionary<string, string> { ["run"] = "nightly" });

        SentRequest upload = api.Sent[0];
        Assert.Equal("https://api.test/v1/files", upload.Uri.AbsoluteUri);
        Assert.Null(upload.ContentLength);
        Assert.Equal("Bearer " + RecordingApi.ApiKey, upload.Header("Authorization"));
        Assert.Equal("batch", upload.Parts.Single(p => p.Name == "purpose").Text);
        FormPart file = upload.Parts.Single(p => p.Name == "file");
        Assert.Equal("batch.jsonl", file.FileName);
        Assert.Equal("application/jsonl", file.ContentType);
        Assert.Equal(
            "{\"custom_id\":\"cat\",\"method\":\"POST\",\"url\":\"/v1/images/generations\",\"body\":{\"model\":\"gpt-image-1\",\"prompt\":\"a cat\",\"size\":\"1024x1024\"}}\n"
            + "{\"custom_id\":\"dog\",\"method\":\"POST\",\"url\":\"/v1/images/generations\",\"body\":{\"model\":\"gpt-image-1\",\"prompt\":\"a dog \\\"é\\\"\",\"quality\":\"low\"}}\n",
            file.Text);

        SentRequest create = api.Sent[1];
        Assert.Equal("https://api.test/v1/batches", create.Uri.AbsoluteUri);
        string key = System.Text.Json.JsonDocument.Parse(create.BodyText).RootElement.GetProperty("metadata").GetProperty(ImagesBatchClient.SubmitKeyMetadata).GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.Equal("{\"input_file_id\":\"file-1\",\"endpoint\":\"/v1/images/generations\",\"completion_window\":\"24h\",\"metadata\":{\"run\":\"nightly\",\"openai_images_submit_key\":\"" + key + "\"}}", create.BodyText);
        Assert.Equal("batch_1", batch.Id);
        Assert.Equal(ImagesBatchStatus.Validating, batch.Status);
        Assert.Equal(new ImagesBatchRequestCounts(2, 0, 0), batch.RequestCounts);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), batch.CreatedAt);
    }

    [Fact]
    public async Task Json_edits_go_to_the_edits_endpoint_with_their_image_urls()
    {
        var api = new RecordingApi().Answer(sent => RecordingApi.Json(sent.Uri.AbsolutePath == "/v1/files" ? "{\"id\":\"file-1\"}" : BatchJson));
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        await client.SubmitAsync([ImagesBatchRequest.ForEdit("e1", new ImageEditOptions(ImageInput.FromUrl("https://example.test/cat.png"), "add a hat") { Model = ImageModel.GptImage1 })]);

        Assert.Equal(
            "{\"custom_id\":\"e1\",\"method\":\"POST\",\"url\":\"/v1/images/edits\",\"body\":{\"model\":\"gpt-image-1\",\"images\":[{\"image_url\":\"https://example.test/cat.png\"}],\"prompt\":\"add a hat\"}}\n",
            api.Sent[0].Parts.Single(p => p.Name == "file").Text);
        Assert.Contains("\"endpoint\":\"/v1/images/edits\"", api.Sent[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_broken_line_is_reported_at_once_with_its_line_number_and_nothing_is_sent()
    {
        var api = new RecordingApi().AnswerJson(BatchJson);
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => client.SubmitAsync(
        [
            ImagesBatchRequest.ForGeneration("ok", new ImageGenerationOptions("a cat") { Model = ImageModel.DallE3 }),
            ImagesBatchRequest.ForGeneration("two", new ImageGenerationOptions("a cat") { Model = ImageModel.DallE3, N = 2 }),
            ImagesBatchRequest.ForGeneration("ok", new ImageGenerationOptions("a cat") { Model = ImageModel.DallE3 }),
            ImagesBatchRequest.ForEdit("edit", new ImageEditOptions(ImageInput.FromBytes(TestImages.ReferencePng, "cat.png"), "a hat") { Model = ImageModel.GptImage1 }),
        ]));

        Assert.Empty(api.Sent);
        Assert.Equal(["lines[2].n", "lines[3].custom_id", "lines[4].url", "lines[4].images"], error.Errors.Select(e => e.Field));
        Assert.StartsWith("line 2 ('two'): n ", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("line 3 ('ok'): custom_id is already used by line 1; each request needs its own", error.Errors[1].Message);
        Assert.Equal("line 4 ('edit'): a batch goes to one endpoint, /v1/images/generations as line 1 says, not /v1/images/edits; submit generations and edits as separate batches", error.Errors[2].Message);
        Assert.Equal("line 4 ('edit'): a batch sends edits as JSON, so every image and the mask must be a URL or a file id (ImageInput.FromUrl, ImageInput.FromFileId)", error.Errors[3].Message);
        Assert.StartsWith("The request was not sent; 4 problems:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_batch_is_refused_before_sending()
    {
        var api = new RecordingApi().AnswerJson(BatchJson);
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => client.SubmitAsync([]));

        Assert.Equal("The request was not sent: a batch needs at least one request.", error.Message);
        Assert.Empty(api.Sent);
    }

    [Fact]
    public async Task A_failed_upload_is_the_sdks_typed_error_and_no_batch_is_created()
    {
        var api = new RecordingApi().AnswerJson("{\"error\":{\"message\":\"Invalid file format.\",\"type\":\"invalid_request_error\",\"param\":\"file\",\"code\":null}}", HttpStatusCode.BadRequest);
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        var error = await Assert.ThrowsAsync<ImagesBadRequestException>(() => client.SubmitAsync([ImagesBatchRequest.ForGeneration("a", new ImageGenerationOptions("a cat"))]));

        Assert.Equal("file", error.Param);
        Assert.Single(api.Sent);
    }

    [Fact]
    public async Task Submit_reads_the_requests_once_and_a_retried_upload_sends_the_same_lines_again()
    {
        int uploads = 0;
        var api = new RecordingApi().Answer(sent => sent.Uri.AbsolutePath == "/v1/files" && ++uploads == 1
            ? RecordingApi.Json("{\"error\":{\"message\":\"The server had an error.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}", HttpStatusCode.InternalServerError)
            : RecordingApi.Json(sent.Uri.AbsolutePath == "/v1/files" ? "{\"id\":\"file-1\",\"object\":\"file\",\"purpose\":\"batch\"}" : BatchJson));
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options(o =>
        {
            o.Retry.MaxRetries = 1;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Retry.UseJitter = false;
        }));
        var requests = new CountingRequests(300);

        await client.SubmitAsync(requests);

        Assert.Equal(1, requests.Enumerations);
        SentRequest[] sent = [.. api.Sent.Where(s => s.Uri.AbsolutePath == "/v1/files")];
        Assert.Equal(2, sent.Length);
        string first = sent[0].Parts.Single(p => p.Name == "file").Text;
        Assert.Equal(first, sent[1].Parts.Single(p => p.Name == "file").Text);
        string[] lines = first.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(300, lines.Length);
        Assert.StartsWith("{\"custom_id\":\"line-299\",", lines[299], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_after_the_first_are_still_reported_and_a_batch_over_the_limit_is_refused_first()
    {
        var api = new RecordingApi().AnswerJson(BatchJson);
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());
        var requests = new CountingRequests(ImagesBatchClient.MaxRequests + 1, duplicateAt: 3);

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => client.SubmitAsync(requests));

        Assert.Equal("requests", error.Errors[0].Field);
        Assert.Equal("lines[4].custom_id", error.Errors[1].Field);
        Assert.Equal(2, error.Errors.Count);
        Assert.Empty(api.Sent);
    }

    // Requests made as they are read, counting how often they are read.
    private sealed class CountingRequests(int count, int duplicateAt = -1) : System.Collections.Generic.IEnumerable<ImagesBatchRequest>
    {
        public int Enumerations { get; private set; }

        public System.Collections.Generic.IEnumerator<ImagesBatchRequest> GetEnumerator()
        {
            Enumerations++;
            for (int i = 0; i < count; i++)
            {
                string id = "line-" + (i == duplicateAt ? 0 : i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                yield return ImagesBatchRequest.ForGeneration(id, new ImageGenerationOptions("a lighthouse #" + i) { Model = ImageModel.DallE2, Size = ImageSize.Square256 });
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
