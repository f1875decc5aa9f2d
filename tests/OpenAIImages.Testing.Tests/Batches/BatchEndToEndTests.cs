using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Batches;

namespace OpenAIImages.Testing.Tests.Batches;

public sealed class BatchEndToEndTests
{
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    [Fact]
    public async Task A_thousand_line_batch_is_uploaded_as_a_stream_and_comes_back_as_a_thousand_image_files()
    {
        using var harness = new BatchHarness();
        ImagesBatchClient client = harness.NewClient();
        ImagesBatchRequest[] requests = [.. Enumerable.Range(1, 1000).Select(i => BatchHarness.Generation($"line-{i:D4}", $"a lighthouse, study {i}"))];

        ImagesBatch submitted = await client.SubmitAsync(requests);
        var progress = new ListProgress();
        List<ImagesBatchLineResult> results = await BatchHarness.ToListAsync(client.ResumeAsync(submitted.Id, harness.Folder, progress));

        // The upload declared no length, nor did its file part: it was written onto the connection, not buffered first.
        (string _, long? length, var parts) = Assert.Single(harness.Sent, s => s.Path == "/v1/files");
        Assert.Null(length);
        Assert.Contains(parts, p => p.Length is null && p.Type != "ByteArrayContent" && p.Type != "StreamContent");

        // The server read every line, and every line came back as a PNG on disk under its custom_id.
        ImagesBatch done = progress.Reports[^1];
        Assert.Equal(ImagesBatchStatus.Completed, done.Status);
        Assert.Equal(new ImagesBatchRequestCounts(1000, 1000, 0), done.RequestCounts);
        Assert.Equal(1000, results.Count);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(requests.Select(r => r.CustomId).Order(), results.Select(r => r.CustomId).Order());
        string[] files = Directory.GetFiles(harness.Folder);
        Assert.Equal(1000, files.Length);
        string first = Path.Combine(harness.Folder, "line-0001-0.png");
        Assert.Equal(first, results.Single(r => r.CustomId == "line-0001").Result!.Images[0].FilePath);
        Assert.Equal(PngMagic, File.ReadAllBytes(first).Take(4));
    }

    [Fact]
    public async Task A_new_client_resumes_a_batch_by_its_id_after_the_first_one_is_gone()
    {
        using var harness = new BatchHarness(pollsToComplete: 3);
        string id = (await harness.NewClient().SubmitAsync([BatchHarness.Generation("a", "a red kite"), BatchHarness.Generation("b", "a blue kite")])).Id;

        // The submitting process crashed here; a new one only has the id.
        ImagesBatchClient restarted = harness.NewClient();
        Assert.Equal(ImagesBatchStatus.InProgress, (await restarted.GetAsync(id)).Status);
        List<ImagesBatchLineResult> results = await BatchHarness.ToListAsync(restarted.ResumeAsync(id, harness.Folder));

        Assert.Equal(["a", "b"], results.Select(r => r.CustomId));
        Assert.All(results, r => Assert.True(File.Exists(r.Result!.Images[0].FilePath)));
    }

    [Fact]
    public async Task Failed_lines_come_back_typed_with_their_status_code_and_message_and_the_others_succeed()
    {
        using var harness = new BatchHarness();
        harness.Emulator.FailBatchRequest("refused", EmulatedFault.ContentPolicy());
        harness.Emulator.FailBatchRequest("broken", EmulatedFault.Status(500, "server_error", "The server had an error processing your request."));
        ImagesBatchClient client = harness.NewClient();

        ImagesBatch batch = await client.SubmitAsync([BatchHarness.Generation("fine", "a kite"), BatchHarness.Generation("refused", "a kite"), BatchHarness.Generation("broken", "a kite")]);
        ImagesBatch done = await client.WaitForCompletionAsync(batch.Id);
        Dictionary<string, ImagesBatchLineResult> results = (await BatchHarness.ToListAsync(client.ReadResultsAsync(done, harness.Folder))).ToDictionary(r => r.CustomId);

        Assert.Equal(new ImagesBatchRequestCounts(3, 1, 2), done.RequestCounts);
        Assert.True(results["fine"].Succeeded);
        ImagesBatchLineException refused = results["refused"].Error!;
        Assert.Equal(400, refused.Status);
        Assert.Equal("moderation_blocked", refused.ErrorCode);
        Assert.Equal("refused", refused.CustomId);
        Assert.StartsWith("Batch request 'refused' was answered 400 (moderation_blocked): ", refused.Message, StringComparison.Ordinal);
        ImagesBatchLineException broken = results["broken"].Error!;
        Assert.Equal(500, broken.Status);
        Assert.Equal("Batch request 'broken' was answered 500 (server_error): The server had an error processing your request.", broken.Message);
        Assert.Equal(["fine-0.png"], Directory.GetFiles(harness.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_expired_batch_returns_the_lines_that_ran_and_a_batch_expired_error_for_each_other_line()
    {
        using var harness = new BatchHarness();
        ImagesBatchClient client = harness.NewClient();
        ImagesBatch batch = await client.SubmitAsync([BatchHarness.Generation("one", "a kite"), BatchHarness.Generation("two", "a kite"), BatchHarness.Generation("three", "a kite")]);
        harness.Emulator.ExpireBatch(batch.Id, completedRequests: 1);

        ImagesBatch done = await client.WaitForCompletionAsync(batch.Id);
        List<ImagesBatchLineResult> results = await BatchHarness.ToListAsync(client.ReadResultsAsync(done, harness.Folder));

        Assert.Equal(ImagesBatchStatus.Expired, done.Status);
        Assert.Equal(["one", "two", "three"], results.Select(r => r.CustomId));
        Assert.True(results[0].Succeeded);
        Assert.All(results.Skip(1), r =>
        {
            Assert.Equal(0, r.Error!.Status);
            Assert.Equal("batch_expired", r.Error.ErrorCode);
            Assert.Equal($"Batch request '{r.CustomId}' got no answer (batch_expired): This request could not be executed before the completion window expired.", r.Error.Message);
        });
    }

    [Fact]
    public async Task A_cancelled_batch_ends_cancelled_and_its_lines_that_never_ran_say_so()
    {
        using var harness = new BatchHarness(pollsToComplete: 10);
        ImagesBatchClient client = harness.NewClient();
        ImagesBatch batch = await client.SubmitAsync([BatchHarness.Generation("one", "a kite"), BatchHarness.Generation("two", "a kite")]);

        ImagesBatch cancelling = await client.CancelAsync(batch.Id);
        ImagesBatch done = await client.WaitForCompletionAsync(batch.Id);
        List<ImagesBatchLineResult> results = await BatchHarness.ToListAsync(client.ReadResultsAsync(done, harness.Folder));

        Assert.Equal(ImagesBatchStatus.Cancelling, cancelling.Status);
        Assert.Equal(ImagesBatchStatus.Cancelled, done.Status);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("batch_cancelled", r.Error!.ErrorCode));
        ImagesConflict(await Assert.ThrowsAsync<ImagesApiException>(() => client.CancelAsync(batch.Id)));
    }

    [Fact]
    public async Task Polling_reports_progress_with_the_request_counts_until_the_batch_is_done()
    {
        using var harness = new BatchHarness(pollsToComplete: 3);
        ImagesBatchClient client = harness.NewClient();
        ImagesBatch batch = await client.SubmitAsync([.. Enumerable.Range(1, 10).Select(i => BatchHarness.Generation($"p{i}", "a kite"))]);
        var progress = new ListProgress();

        ImagesBatch done = await client.WaitForCompletionAsync(batch.Id, progress);

        Assert.Equal(ImagesBatchStatus.Validating, batch.Status);
        Assert.Equal(
            ["in_progress 3/10", "in_progress 6/10", "completed 10/10"],
            progress.Reports.Select(r => $"{r.StatusText} {r.RequestCounts.Completed}/{r.RequestCounts.Total}"));
        Assert.Same(progress.Reports[^1], done);
    }

    [Fact]
    public async Task Listing_shows_every_batch_newest_first()
    {
        using var harness = new BatchHarness();
        ImagesBatchClient client = harness.NewClient();
        string first = (await client.SubmitAsync([BatchHarness.Generation("a", "a kite")])).Id;
        string second = (await client.SubmitAsync([BatchHarness.Generation("a", "a kite")])).Id;

        var listed = new List<string>();
        await foreach (ImagesBatch batch in client.ListAsync())
        {
            listed.Add(batch.Id);
        }

        Assert.Equal([second, first], listed);
    }

    [Fact]
    public async Task Reading_the_results_of_a_batch_still_running_is_refused()
    {
        using var harness = new BatchHarness(pollsToComplete: 5);
        ImagesBatchClient client = harness.NewClient();
        ImagesBatch batch = await client.SubmitAsync([BatchHarness.Generation("a", "a kite")]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BatchHarness.ToListAsync(client.ReadResultsAsync(batch, harness.Folder)));

        Assert.Equal($"Batch {batch.Id} is validating: its results can be read once it is done (see WaitForCompletionAsync).", error.Message);
    }

    [Fact]
    public async Task An_unknown_batch_id_is_not_found()
    {
        using var harness = new BatchHarness();

        var error = await Assert.ThrowsAsync<ImagesNotFoundException>(() => harness.NewClient().GetAsync("batch_nope"));

        Assert.Contains("No such batch: 'batch_nope'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_the_server_fails_is_retried_and_streamed_again_in_full()
    {
        using var harness = new BatchHarness(pollsToComplete: 1);
        harness.Emulator.FailNext(1, EmulatedFault.ServerError());
        ImagesBatchClient client = harness.NewClient(options => options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1));

        ImagesBatch batch = await client.SubmitAsync([.. Enumerable.Range(1, 50).Select(i => BatchHarness.Generation($"r{i}", "a kite"))]);
        ImagesBatch done = await client.GetAsync(batch.Id);

        Assert.Equal(2, harness.Sent.Count(s => s.Path == "/v1/files"));
        Assert.Equal(new ImagesBatchRequestCounts(50, 50, 0), done.RequestCounts);
    }

    private static void ImagesConflict(ImagesApiException error)
    {
        Assert.Equal(409, error.Status);
        Assert.Contains("Cannot cancel a batch with status 'cancelled'.", error.Message, StringComparison.Ordinal);
    }
}
