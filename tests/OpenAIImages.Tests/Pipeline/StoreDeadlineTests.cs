using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>A shared rate-limit store that does not answer holds a call no longer than its overall timeout.</summary>
public sealed class StoreDeadlineTests
{
    [Fact]
    public async Task A_store_that_never_answers_ends_the_call_at_its_deadline_with_nothing_sent()
    {
        var time = new FakeTimeProvider();
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        ImagesClient client = api.Client(o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(10);
            o.RateLimits.Store = new SilentStore();
            o.RateLimits.ImagesPerMinute["gpt-image-2"] = 5;
        });

        Task<ImageResult> call = client.GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });
        time.Advance(TimeSpan.FromSeconds(11));

        var error = await Assert.ThrowsAsync<ImagesTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(error.IsAttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), error.Timeout);
        Assert.Empty(api.Sent);
    }

    /// <summary>A store whose every call waits until it is cancelled, like a server that accepted the connection and went quiet.</summary>
    private sealed class SilentStore : ImagesRateLimitStore
    {
        public override async ValueTask<TimeSpan> TakeAsync(string model, string? partition, int permits, int perMinute, TimeSpan maxWait, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return TimeSpan.Zero;
        }

        public override ValueTask ReturnAsync(string model, string? partition, int permits, int perMinute, CancellationToken cancellationToken) => default;

        public override ValueTask PauseAsync(string model, TimeSpan duration, CancellationToken cancellationToken) => default;
    }
}
