using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Batches;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Batches;

public sealed class BatchResultsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "batch-results-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Output_and_error_lines_are_matched_back_by_custom_id_with_images_decoded_to_files()
    {
        string b64 = Convert.ToBase64String(TestImages.ReferencePng);
        string output =
            "{\"id\":\"batch_req_1\",\"custom_id\":\"cats/1\",\"response\":{\"status_code\":200,\"request_id\":\"req_a\",\"body\":{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + b64 + "\"}]}},\"error\":null}\n"
            + "{\"id\":\"batch_req_2\",\"custom_id\":\"dog\",\"response\":{\"status_code\":400,\"request_id\":\"req_b\",\"body\":{\"error\":{\"message\":\"Your request was rejected by the safety system.\",\"type\":\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\"}}},\"error\":null}\n";
        string errors = "{\"id\":\"batch_req_3\",\"custom_id\":\"owl\",\"response\":null,\"error\":{\"code\":\"batch_expired\",\"message\":\"This request could not be executed before the completion window expired.\"}}\n";
        var api = new RecordingApi().Answer(sent => sent.Uri.AbsolutePath switch
        {
            "/v1/files/file-out/content" => RecordingApi.Json(output),
            "/v1/files/file-err/content" => RecordingApi.Json(errors),
            _ => RecordingApi.Json("{}", System.Net.HttpStatusCode.NotFound),
        });
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());
        var batch = new ImagesBatch("batch_1", "expired", "/v1/images/generations", "file-in", "file-out", "file-err", new ImagesBatchRequestCounts(3, 1, 2), null, null);

        var results = new List<ImagesBatchLineResult>();
        await foreach (ImagesBatchLineResult line in client.ReadResultsAsync(batch, _folder))
        {
            results.Add(line);
        }

        Assert.Equal(["cats/1", "dog", "owl"], results.Select(r => r.CustomId));
        GeneratedImage image = Assert.Single(results[0].Result!.Images);
        Assert.Equal(Path.Combine(_folder, "cats_1-0.png"), image.FilePath);
        Assert.Equal(TestImages.ReferencePng, File.ReadAllBytes(image.FilePath!));
        Assert.Equal("req_a", results[0].Result!.RequestId);
        Assert.Equal((400, "moderation_blocked", "image_generation_user_error", "req_b"), (results[1].Error!.Status, results[1].Error!.ErrorCode, results[1].Error!.ErrorType, results[1].Error!.RequestId));
        Assert.Equal("Batch request 'dog' was answered 400 (moderation_blocked): Your request was rejected by the safety system.", results[1].Error!.Message);
        Assert.Equal((0, "batch_expired"), (results[2].Error!.Status, results[2].Error!.ErrorCode));
        Assert.Equal(["cats_1-0.png"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Polling_waits_on_the_clock_doubling_each_time_up_to_the_longest_interval()
    {
        var time = new RecordingDelays();
        int polls = 0;
        var api = new RecordingApi().Answer(_ => RecordingApi.Json(
            "{\"id\":\"batch_1\",\"status\":\"" + (++polls < 5 ? "in_progress" : "completed") + "\",\"request_counts\":{\"total\":5,\"completed\":" + polls + ",\"failed\":0}}"));
        var seen = new List<int>();
        var options = RecordingApi.Options(o =>
        {
            o.Timeout = Timeout.InfiniteTimeSpan;
            o.AttemptTimeout = Timeout.InfiniteTimeSpan;
            o.DownloadTimeout = Timeout.InfiniteTimeSpan;
            o.TimeProvider = time;
        });
        var client = new ImagesBatchClient(api.Handler.ToHttpClient(), options, new ImagesBatchOptions { PollInterval = TimeSpan.FromSeconds(5), MaxPollInterval = TimeSpan.FromSeconds(12) });

        ImagesBatch done = await client.WaitForCompletionAsync("batch_1", new InlineProgress(b => seen.Add(b.RequestCounts.Completed)));

        Assert.Equal(ImagesBatchStatus.Completed, done.Status);
        Assert.Equal([5d, 10, 12, 12], time.Delays.Select(d => d.TotalSeconds));
        Assert.Equal(5, api.Sent.Count);
        Assert.All(api.Sent, s => Assert.Equal("https://api.test/v1/batches/batch_1", s.Uri.AbsoluteUri));
        Assert.Equal([1, 2, 3, 4, 5], seen);
    }

    /// <summary>A clock whose timers fire at once, keeping each wait asked of it.</summary>
    private sealed class RecordingDelays : TimeProvider
    {
        public List<TimeSpan> Delays { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (Delays)
                {
                    Delays.Add(dueTime);
                }

                dueTime = TimeSpan.Zero;
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class InlineProgress(Action<ImagesBatch> report) : IProgress<ImagesBatch>
    {
        public void Report(ImagesBatch value) => report(value);
    }
}
