using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Readme.Tests.Support;
using OpenAIImages.Testing;
using Xunit;

namespace OpenAIImages.Readme.Tests;

/// <summary>The README's blocks on the emulator's inputs, time, faults and recordings run as written; each test checks what its block promises.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class EmulatorScriptingSnippetTests
{
    [Fact]
    public async Task Masked_edit_snippet_keeps_the_photo_outside_the_rectangle_and_repaints_inside()
    {
        var emulator = new ImagesEmulator();
        var client = new ImagesClient(new HttpClient(emulator.CreateHandler()), new ImagesClientOptions { ApiKey = "test", BaseAddress = new Uri("http://localhost/v1/") });

        (byte[] photo, ImageResult edited) = await ReadmeUser.EmulatorMaskedEditBlock.Snippet.EmulatorMaskedEdit(client);

        byte[] answer = Assert.Single(edited.Images).Bytes.ToArray();
        Assert.NotEqual(photo, answer);
        Assert.Equal("mask", emulator.Requests[0].Files[1].Name);
    }

    [Fact]
    public async Task Scripted_snippet_plays_its_faults_in_order_then_answers_after_the_realistic_time_and_limits_images_per_minute()
    {
        var clock = new FakeTimeProvider();
        ImagesEmulator emulator = ReadmeUser.EmulatorScriptedBlock.Snippet.EmulatorScripted(clock);
        using var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://localhost/v1/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "test");

        using HttpResponseMessage first = await http.PostAsync("images/generations", Request());
        using HttpResponseMessage second = await http.PostAsync("images/generations", Request());
        Task<HttpResponseMessage> third = http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "images/generations") { Content = Request() }, HttpCompletionOption.ResponseHeadersRead);
        TimeSpan waited = await AdvanceUntilDoneAsync(clock, third);
        using HttpResponseMessage broken = await third;

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        Assert.True(waited >= EmulatedLatency.Realistic.For("dall-e-2", "standard"), $"answered after {waited}");
        await Assert.ThrowsAsync<HttpRequestException>(() => broken.Content.ReadAsByteArrayAsync()); // the connection reset mid-body
        Assert.Equal("4", broken.Headers.GetValues("x-ratelimit-remaining-images").Single());
    }

    [Fact]
    public async Task Recording_snippet_replays_what_was_recorded_and_refuses_what_was_not()
    {
        string recordings = Directory.CreateTempSubdirectory("openaiimages-readme-recordings-").FullName;
        string? mode = Environment.GetEnvironmentVariable(RecordingOptions.ModeVariable);
        Environment.SetEnvironmentVariable(RecordingOptions.ModeVariable, null);
        try
        {
            var options = new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2, Quality = ImageQuality.Low };
            await using (EmulatorServer service = await new ImagesEmulator().StartServerAsync())
            {
                using var recorder = new RecordingHandler(new RecordingOptions(recordings) { Mode = RecordingMode.Record }, new SocketsHttpHandler());
                var live = new ImagesClient(new HttpClient(recorder), new ImagesClientOptions { ApiKey = "sk-live", BaseAddress = service.BaseAddress });
                await live.GenerateAsync(options);
            }

            ImagesClient client = ReadmeUser.EmulatorRecordingBlock.Snippet.EmulatorRecording(recordings, "sk-live");

            Assert.Single((await client.GenerateAsync(options)).Images);
            await Assert.ThrowsAsync<RecordingNotFoundException>(() => client.GenerateAsync(new ImageGenerationOptions("never recorded") { Model = ImageModel.GptImage2 }));
        }
        finally
        {
            Environment.SetEnvironmentVariable(RecordingOptions.ModeVariable, mode);
            Directory.Delete(recordings, recursive: true);
        }
    }

    private static StringContent Request() =>
        new("""{"model":"dall-e-2","prompt":"a fox","size":"256x256","response_format":"b64_json"}""", System.Text.Encoding.UTF8, "application/json");

    private static async Task<TimeSpan> AdvanceUntilDoneAsync(FakeTimeProvider clock, Task task)
    {
        DateTimeOffset start = clock.GetUtcNow();
        while (!task.IsCompleted)
        {
            Assert.True(clock.GetUtcNow() - start < TimeSpan.FromMinutes(10), "the emulator never answered");
            await Task.Delay(2); // let the emulator start its wait before the clock moves on
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        return clock.GetUtcNow() - start;
    }
}
