using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests;

/// <summary>The client as a whole: construction, batches, substitution in users' tests, and the helpers.</summary>
[Collection(OpenAIImages.Tests.DependencyInjection.EnvironmentCollection.Name)]
public sealed class ClientTests
{
    /// <summary>How a user substitutes the client in their own tests: override the virtual method.</summary>
    private sealed class FakeImagesClient : ImagesClient
    {
        public List<string> Prompts { get; } = [];

        public override Task<ImageResult> GenerateAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default)
        {
            lock (Prompts)
            {
                Prompts.Add(options.Prompt);
            }

            return options.Prompt.Contains("fail", StringComparison.Ordinal)
                ? throw new ImagesContentPolicyException("refused", new ImagesApiErrorDetails(400, "image_generation_user_error", "moderation_blocked", null, "refused", "req_1", null))
                : Task.FromResult(ImagesModelFactory.ImageResult([ImagesModelFactory.GeneratedImage([1, 2, 3])], requestId: "req_" + options.Prompt));
        }
    }

    [Fact]
    public async Task A_subclass_substitutes_the_client_and_batches_go_through_it()
    {
        var fake = new FakeImagesClient();

        IReadOnlyList<ImageGenerationOutcome> results = await fake.GenerateManyAsync([new("a"), new("please fail"), new("c")]);

        Assert.Equal(["a", "c", "please fail"], fake.Prompts.Order());
        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Equal("req_c", results[2].Result!.RequestId);
        Assert.IsType<ImagesContentPolicyException>(results[1].Error);
        Assert.Equal("please fail", results[1].Request.Prompt);
        Assert.Contains("failed: refused", results[1].ToString());
    }

    [Fact]
    public async Task A_batch_keeps_going_past_failures_reports_each_and_bounds_concurrency()
    {
        int running = 0;
        int peak = 0;
        var api = new RecordingApi();
        api.Handler.Fallback.Respond(async request =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(30);
            Interlocked.Decrement(ref running);
            string body = await request.Content!.ReadAsStringAsync();
            return body.Contains("bad", StringComparison.Ordinal)
                ? RecordingApi.Json("{\"error\":{\"message\":\"Your request was rejected by the safety system.\",\"type\":\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\"}}", HttpStatusCode.BadRequest)
                : RecordingApi.Json(RecordingApi.SuccessJson());
        });
        var prompts = Enumerable.Range(0, 10).Select(i => new ImageGenerationOptions(i % 4 == 1 ? $"bad {i}" : $"good {i}") { Model = ImageModel.GptImage2 }).ToList();
        prompts.Add(new ImageGenerationOptions("too many") { Model = ImageModel.DallE3, N = 5 });

        IReadOnlyList<ImageGenerationOutcome> results = await api.Client().GenerateManyAsync(prompts, maxConcurrency: 3);

        Assert.Equal(11, results.Count);
        Assert.Equal(Enumerable.Range(0, 11), results.Select(r => r.Index));
        Assert.All(results.Where(r => r.Request.Prompt.StartsWith("good", StringComparison.Ordinal)), r => Assert.Single(r.Result!.Images));
        Assert.All(results.Where(r => r.Request.Prompt.StartsWith("bad", StringComparison.Ordinal)), r => Assert.IsType<ImagesContentPolicyException>(r.Error));
        Assert.IsType<ImageValidationException>(results[10].Error);
        Assert.InRange(peak, 1, 3);
    }

    /// <summary>Holds the prompt "slow" until released; every other prompt answers at once.</summary>
    private sealed class GatedImagesClient : ImagesClient
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<ImageResult> GenerateAsync(ImageGenerationOptions options, CancellationToken cancellationToken = default)
        {
            if (options.Prompt == "slow")
            {
                try
                {
                    await Release.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled.SetResult();
                    throw;
                }
            }

            return ImagesModelFactory.ImageResult([ImagesModelFactory.GeneratedImage([1, 2, 3])], requestId: "req_" + options.Prompt);
        }
    }

    [Fact]
    public async Task A_streamed_batch_yields_each_result_as_it_completes_not_at_the_end()
    {
        var client = new GatedImagesClient();
        var seen = new List<string>();

        await foreach (ImageGenerationOutcome result in client.GenerateManyStreamingAsync([new("slow"), new("a"), new("b"), new("c")], maxConcurrency: 2))
        {
            seen.Add(result.Request.Prompt);
            if (seen.Count == 3)
            {
                // Three results are in hand while the first prompt is still running.
                client.Release.SetResult();
            }
        }

        Assert.Equal(["a", "b", "c", "slow"], seen);
    }

    [Fact]
    public async Task Stopping_a_streamed_batch_early_cancels_what_is_in_flight()
    {
        var client = new GatedImagesClient();
        await foreach (ImageGenerationOutcome result in client.GenerateManyStreamingAsync([new("slow"), new("a")], maxConcurrency: 2))
        {
            Assert.Equal("a", result.Request.Prompt);
            break;
        }

        // The held request sees its token cancelled rather than running on unobserved.
        await client.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(client.Cancelled.Task.IsCompletedSuccessfully);
    }

    /// <summary>A caller's lazy sequence of prompts: counts what was read, notes its disposal, and can throw at one element.</summary>
    private sealed class CountingPrompts(int length, int? throwAt = null, params string[] first)
    {
        public int Read { get; private set; }

        public bool Disposed { get; private set; }

        public IEnumerable<ImageGenerationOptions> Sequence()
        {
            try
            {
                for (int i = 0; i < length; i++)
                {
                    if (i == throwAt)
                    {
                        throw new InvalidOperationException("the prompt source broke at " + i);
                    }

                    Read++;
                    yield return new ImageGenerationOptions(i < first.Length ? first[i] : "prompt " + i) { Model = ImageModel.GptImage1 };
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }

    [Fact]
    public async Task A_streamed_batch_reads_a_long_sequence_only_as_slots_free_up_and_disposes_it()
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        // Long enough that reading it all (as the fan-out once did) fails the test, short enough to do so quickly.
        var prompts = new CountingPrompts(100_000);
        const int maxConcurrency = 3;
        const int taken = 5;
        var outcomes = new List<ImageGenerationOutcome>();

        await foreach (ImageGenerationOutcome outcome in api.Client().GenerateManyStreamingAsync(prompts.Sequence(), maxConcurrency))
        {
            // Never more read than the outcomes handed out plus the slots.
            Assert.InRange(prompts.Read, 1, outcomes.Count + 1 + maxConcurrency);
            outcomes.Add(outcome);
            if (outcomes.Count == taken)
            {
                break;
            }
        }

        Assert.InRange(prompts.Read, taken, taken + maxConcurrency);
        Assert.True(prompts.Disposed);
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.All(outcomes, o => Assert.Equal("prompt " + o.Index, o.Request.Prompt));
        // The calls still in flight when the consumer stopped were cancelled, perhaps before they were sent.
        Assert.InRange(api.Sent.Count, taken, prompts.Read);
    }

    [Fact]
    public async Task A_streamed_batch_disposes_the_sequence_when_it_ends()
    {
        var prompts = new CountingPrompts(7);

        IReadOnlyList<ImageGenerationOutcome> outcomes = await new FakeImagesClient().GenerateManyAsync(prompts.Sequence(), maxConcurrency: 2);

        Assert.Equal(Enumerable.Range(0, 7), outcomes.Select(o => o.Index));
        Assert.Equal(7, prompts.Read);
        Assert.True(prompts.Disposed);
    }

    [Fact]
    public async Task A_sequence_that_throws_surfaces_its_exception_and_cancels_what_is_in_flight()
    {
        var client = new GatedImagesClient();
        var prompts = new CountingPrompts(10, throwAt: 2, "slow", "a");
        var seen = new List<string>();

        var broke = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (ImageGenerationOutcome outcome in client.GenerateManyStreamingAsync(prompts.Sequence(), maxConcurrency: 2))
            {
                seen.Add(outcome.Request.Prompt);
            }
        });

        // "a" finished and freed its slot; reading the next prompt broke while "slow" was still held.
        Assert.Equal("the prompt source broke at 2", broke.Message);
        Assert.Equal(["a"], seen);
        await client.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(prompts.Disposed);
    }

    [Fact]
    public async Task A_null_request_in_the_sequence_is_a_failed_outcome_and_the_others_run()
    {
        var fake = new FakeImagesClient();

        IReadOnlyList<ImageGenerationOutcome> results = await fake.GenerateManyAsync([new("a"), null!, new("c")]);

        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.IsType<ArgumentNullException>(results[1].Error);
        Assert.Null(results[1].Request);
        Assert.Equal(["a", "c"], fake.Prompts.Order());
    }

    [Fact]
    public async Task Cancelling_a_batch_throws_instead_of_reporting_every_item_as_failed()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FakeImagesClient().GenerateManyAsync([new("a")], cancellationToken: cts.Token));
    }

    [Fact]
    public void Construction_checks_the_key_and_the_base_address()
    {
        var noKey = Assert.Throws<ArgumentException>(() => new ImagesClient(new ImagesClientOptions()));
        Assert.Contains("An API key is required", noKey.Message);
        Assert.Throws<ArgumentException>(() => new ImagesClient(new ImagesClientOptions { ApiKey = "k", BaseAddress = new Uri("/v1", UriKind.Relative) }));
        Assert.Throws<ArgumentNullException>(() => new ImagesClient(null!));
        Assert.Throws<ArgumentNullException>(() => new ImagesClient(null!, new ImagesClientOptions { ApiKey = "k" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeImagesClient().GenerateManyAsync([], maxConcurrency: 0).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_key_provider_is_asked_for_every_request()
    {
        int calls = 0;
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var client = api.Client(o =>
        {
            o.ApiKey = null;
            o.ApiKeyProvider = _ => new ValueTask<string>("sk-rotating-" + Interlocked.Increment(ref calls));
        });

        await client.GenerateAsync(new ImageGenerationOptions("x"));
        await client.GenerateAsync(new ImageGenerationOptions("y"));

        Assert.Equal(["Bearer sk-rotating-1", "Bearer sk-rotating-2"], api.Sent.Select(s => s.Header("Authorization")));
    }

    [Fact]
    public void Values_convert_from_strings_compare_by_text_and_reject_blanks()
    {
        ImageSize size = "1792x1024";
        Assert.Equal(ImageSize.Landscape1792x1024, size);
        Assert.True(size.TryGetDimensions(out int w, out int h));
        Assert.Equal((1792, 1024), (w, h));
        Assert.Equal("640x480", new ImageSize(640, 480).Value);
        Assert.True(ImageSize.Auto.IsAuto);
        Assert.False(ImageSize.Auto.TryGetDimensions(out _, out _));
        Assert.NotEqual(ImageModel.GptImage1, (ImageModel)"GPT-IMAGE-1");
        Assert.Equal("b64_json", ImageResponseFormat.Base64Json.ToString());
        Assert.Throws<ArgumentException>(() => new ImageQuality(" high"));
        Assert.Throws<ArgumentNullException>(() => new ImageModel(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageSize(0, 10));
    }

    [Fact]
    public void Options_read_the_environment_like_openais_sdks()
    {
        string? key = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        string? url = Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        try
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", "sk-env-key");
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", "http://127.0.0.1:5099/v1");
            var options = ImagesClientOptions.FromEnvironment();
            Assert.Equal("sk-env-key", options.ApiKey);
            Assert.Equal(new Uri("http://127.0.0.1:5099/v1"), options.BaseAddress);

            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", "not a url");
            Assert.Throws<FormatException>(ImagesClientOptions.FromEnvironment);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", key);
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", url);
        }
    }

    [Fact]
    public void The_prompt_builder_joins_the_parts_in_order()
    {
        string prompt = new ImagePromptBuilder(" a lighthouse at dusk ")
            .WithStyle("watercolor").WithLighting("golden hour").WithMood("calm").WithDetail("a red door").WithDetail(" ").WithDetail("gulls")
            .Build();

        Assert.Equal("a lighthouse at dusk, in watercolor style, golden hour lighting, calm mood, with a red door, gulls", prompt);
        Assert.Equal("a cat", new ImagePromptBuilder("a cat").WithStyle("oil").WithStyle(null).ToString());
        Assert.Throws<ArgumentException>(() => new ImagePromptBuilder(""));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
