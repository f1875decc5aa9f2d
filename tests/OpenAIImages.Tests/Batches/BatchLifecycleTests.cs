using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Batches;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Batches;

public sealed class BatchLifecycleTests
{
    [Fact]
    public async Task A_failed_batch_says_which_input_lines_the_service_refused()
    {
        var api = new RecordingApi().AnswerJson(
            "{\"id\":\"batch_1\",\"status\":\"failed\",\"errors\":{\"object\":\"list\",\"data\":[{\"code\":\"invalid_request\",\"message\":\"The url does not match the endpoint.\",\"param\":\"url\",\"line\":3}]},\"request_counts\":{\"total\":0,\"completed\":0,\"failed\":0}}");
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        ImagesBatch batch = await client.GetAsync("batch_1");

        Assert.Equal(ImagesBatchStatus.Failed, batch.Status);
        Assert.True(batch.IsDone);
        Assert.Equal([new ImagesBatchError("invalid_request", "The url does not match the endpoint.", "url", 3)], batch.Errors);
        Assert.Equal("batch_1 failed (0/0 done, 0 failed)", batch.ToString());
    }

    [Fact]
    public async Task Listing_follows_the_pages_with_after_until_there_are_no_more()
    {
        var api = new RecordingApi().Answer(sent => RecordingApi.Json(sent.Uri.Query.Contains("after=batch_2", StringComparison.Ordinal)
            ? "{\"data\":[{\"id\":\"batch_3\",\"status\":\"completed\"}],\"has_more\":false,\"last_id\":\"batch_3\"}"
            : "{\"data\":[{\"id\":\"batch_1\",\"status\":\"in_progress\"},{\"id\":\"batch_2\",\"status\":\"cancelled\"}],\"has_more\":true,\"last_id\":\"batch_2\"}"));
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        var listed = new List<string>();
        await foreach (ImagesBatch batch in client.ListAsync())
        {
            listed.Add(batch.Id + " " + batch.Status);
        }

        Assert.Equal(["batch_1 InProgress", "batch_2 Cancelled", "batch_3 Completed"], listed);
        Assert.Equal(["https://api.test/v1/batches?limit=100", "https://api.test/v1/batches?limit=100&after=batch_2"], api.Sent.Select(s => s.Uri.AbsoluteUri));
    }

    [Fact]
    public async Task Cancel_posts_to_the_batchs_cancel_path_with_the_id_escaped()
    {
        var api = new RecordingApi().AnswerJson("{\"id\":\"batch a+b\",\"status\":\"cancelling\"}");
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        ImagesBatch batch = await client.CancelAsync("batch a+b");

        Assert.Equal(ImagesBatchStatus.Cancelling, batch.Status);
        Assert.Equal("POST https://api.test/v1/batches/batch%20a%2Bb/cancel", $"{api.Single.Method} {api.Single.Uri.AbsoluteUri}");
        Assert.Empty(api.Single.Body);
    }

    [Fact]
    public async Task A_batch_answer_that_is_not_json_is_an_invalid_response()
    {
        var api = new RecordingApi().AnswerJson("<html>oops</html>");
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());

        var error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(() => client.GetAsync("batch_1"));

        Assert.StartsWith("The batch retrieval was answered with success but its body could not be read: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_azure_deployment_url_has_no_batch_api_and_is_refused()
    {
        var options = RecordingApi.Options(o => o.Azure = new ImagesAzureOptions { Endpoint = new Uri("https://x.openai.azure.com/"), Deployment = "images" });

        var error = Assert.Throws<ArgumentException>(() => new ImagesBatchClient(new System.Net.Http.HttpClient(), options));

        Assert.StartsWith("The Batch API is served on Azure OpenAI's v1 URL form only", error.Message, StringComparison.Ordinal);
    }
}
