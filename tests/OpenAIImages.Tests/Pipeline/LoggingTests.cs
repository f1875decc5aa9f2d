using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>Log events: stable ids, the values they carry, the prompt only at Trace, the key never.</summary>
[Collection(FakeClockCollection.Name)]
public sealed class LoggingTests
{
    [Fact]
    public async Task A_client_logs_under_its_documented_category_and_the_no_op_factory_costs_nothing()
    {
        var logs = new CapturingLoggerFactory();
        var api = new RecordingApi();
        api.Answer(_ => RecordingApi.Json(RecordingApi.SuccessJson(), requestId: "req_ok"));

        var client = new ImagesClient(api.Handler.ToHttpClient(), RecordingApi.Options(), logs);
        await client.GenerateAsync(new ImageGenerationOptions("a lighthouse"));
        var silent = new ImagesClient(api.Handler.ToHttpClient(), RecordingApi.Options(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await silent.GenerateAsync(new ImageGenerationOptions("a lighthouse"));

        Assert.Equal(["OpenAIImages.ImagesClient"], logs.Categories);
        Assert.Single(logs.WithId(1));
        Assert.Equal(2, api.Sent.Count);
    }

    [Fact]
    public async Task A_call_logs_start_prompt_retry_and_response_events_without_the_key()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturingLoggerFactory();
        var api = new RecordingApi(time);
        int calls = 0;
        api.Answer(_ =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return RecordingApi.Json(RecordingApi.SuccessJson(), requestId: "req_ok");
            }

            var busy = RecordingApi.Json($"{{\"error\":{{\"message\":\"bad key {RecordingApi.ApiKey}\",\"type\":\"server_error\",\"param\":null,\"code\":null}}}}", HttpStatusCode.ServiceUnavailable, "req_busy");
            busy.Headers.TryAddWithoutValidation("retry-after-ms", "700");
            return busy;
        });
        var client = new ImagesClient(api.Handler.ToHttpClient(), RecordingApi.Options(o =>
        {
            FakeClock.Use(o, time);
            o.Retry.MaxRetries = 1;
        }), logs);

        await FakeClock.Run(time, client.GenerateAsync(new ImageGenerationOptions("a secret lighthouse") { Model = ImageModel.GptImage2, N = 2, Size = "1024x1024" }));

        LogEntry start = Assert.Single(logs.WithId(1));
        Assert.Equal(LogLevel.Information, start.Level);
        Assert.Equal("Sending generation request: model gpt-image-2, n 2, size 1024x1024", start.Message);
        Assert.Equal("RequestStarting", start.Id.Name);

        LogEntry prompt = Assert.Single(logs.WithId(2));
        Assert.Equal(LogLevel.Trace, prompt.Level);
        Assert.Contains("a secret lighthouse", prompt.Message);
        Assert.All(logs.Entries.Where(e => e.Id.Id != 2), e => Assert.DoesNotContain("a secret lighthouse", e.Message));

        LogEntry retry = Assert.Single(logs.WithId(3));
        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.Equal("Retrying generation (retry 1) in 700 ms: status 503", retry.Message);

        Assert.Equal(["req_busy", "req_ok"], logs.WithId(5).Select(e => e.State.Single(s => s.Key == "RequestId").Value));
        Assert.Equal([503, 200], logs.WithId(5).Select(e => e.State.Single(s => s.Key == "Status").Value));

        Assert.All(logs.Entries, e =>
        {
            Assert.DoesNotContain(RecordingApi.ApiKey, e.Message);
            Assert.All(e.State, s => Assert.DoesNotContain(RecordingApi.ApiKey, s.Value?.ToString() ?? string.Empty));
        });
    }
}
