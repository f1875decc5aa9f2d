using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>A call whose token is cancelled before it starts sends nothing and takes no rate-limit permit, whatever the operation.</summary>
public sealed class PreCancelledCallTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "oai-precancel-" + Guid.NewGuid().ToString("N"));

    public enum Operation
    {
        Generate,
        GenerateToFiles,
        GenerateStreaming,
        Edit,
        EditToFiles,
        EditStreaming,
        Variation,
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(Operation.Generate)]
    [InlineData(Operation.GenerateToFiles)]
    [InlineData(Operation.GenerateStreaming)]
    [InlineData(Operation.Edit)]
    [InlineData(Operation.EditToFiles)]
    [InlineData(Operation.EditStreaming)]
    [InlineData(Operation.Variation)]
    public async Task A_cancelled_token_sends_nothing_and_takes_no_permit(Operation operation)
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        ImagesClient client = api.Client(o => o.RateLimits.ImagesPerMinute["gpt-image-2"] = 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(client, operation, cancelled.Token));

        Assert.Empty(api.Sent);

        // The one permit of the minute is still there: the next call goes at once instead of waiting a minute.
        using var noWait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2 }, noWait.Token);
        Assert.Single(api.Sent);
    }

    [Fact]
    public void No_pre_cancelled_call_ever_reaches_the_handler()
    {
        Gen.Select(Gen.Enum<Operation>(), Gen.Int[0, 3], Gen.Bool).Sample(
            (operation, retries, limited) =>
            {
                var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
                ImagesClient client = api.Client(o =>
                {
                    o.Retry.MaxRetries = retries;
                    if (limited)
                    {
                        o.RateLimits.ImagesPerMinute["gpt-image-2"] = 5;
                    }
                });
                using var cancelled = new CancellationTokenSource();
                cancelled.Cancel();
                try
                {
                    Run(client, operation, cancelled.Token).GetAwaiter().GetResult();
                    return false;
                }
                catch (OperationCanceledException)
                {
                    return api.Sent.Count == 0;
                }
            },
            iter: 200);
    }

    private async Task Run(ImagesClient client, Operation operation, CancellationToken token)
    {
        var generation = new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2 };
        var edit = new ImageEditOptions(ImageInput.FromBytes(TestImages.ReferencePng, "image.png"), "a lighthouse") { Model = ImageModel.GptImage2 };
        var variation = new ImageVariationOptions(ImageInput.FromBytes(TestImages.Png(64, 64), "image.png")) { Model = ImageModel.DallE2 };
        switch (operation)
        {
            case Operation.Generate:
                await client.GenerateAsync(generation, token);
                break;
            case Operation.GenerateToFiles:
                await client.GenerateToFilesAsync(generation, _dir, cancellationToken: token);
                break;
            case Operation.GenerateStreaming:
                await Drain(client.GenerateStreamingAsync(generation, token));
                break;
            case Operation.Edit:
                await client.EditAsync(edit, token);
                break;
            case Operation.EditToFiles:
                await client.EditToFilesAsync(edit, _dir, cancellationToken: token);
                break;
            case Operation.EditStreaming:
                await Drain(client.EditStreamingAsync(edit, token));
                break;
            default:
                await client.CreateVariationAsync(variation, token);
                break;
        }
    }

    private static async Task Drain(IAsyncEnumerable<ImageStreamEvent> events)
    {
        await foreach (ImageStreamEvent _ in events)
        {
        }
    }
}
