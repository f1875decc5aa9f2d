using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>A call reports its phases through the request's Progress: the rate-limit wait, the upload, the wait for the service, reading, downloading and saving.</summary>
public sealed class ProgressTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "oai-progress-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task An_edit_that_waits_uploads_and_downloads_reports_each_phase_in_order()
    {
        var time = new FakeTimeProvider();
        byte[] png = TestImages.Png(256, 256);
        var api = new RecordingApi().Answer(sent => sent.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(png) }
            : RecordingApi.Json("{\"created\":1,\"data\":[{\"url\":\"https://cdn.test/a.png\"},{\"url\":\"https://cdn.test/b.png\"}]}"));
        ImagesClient client = api.Client(o =>
        {
            FakeClock.Use(o, time);
            o.RateLimits.ImagesPerMinute["gpt-image-2"] = 2;
        });
        await FakeClock.Run(time, client.GenerateAsync(new ImageGenerationOptions("first") { Model = ImageModel.GptImage2, N = 2 }));
        var seen = new List<ImageCallProgress>();

        var edit = new ImageEditOptions(ImageInput.FromBytes(png, "room.png"), "add a window") { Model = ImageModel.GptImage2, N = 2, Progress = new Collect(seen) };
        ImageResult result = await FakeClock.Run(time, client.EditToFilesAsync(edit, _dir));

        Assert.Equal(2, result.Images.Count(i => i.FilePath is not null));
        ImageCallPhase[] phases = seen.Select(p => p.Phase).Distinct().ToArray();
        Assert.Equal([ImageCallPhase.WaitingForRateLimit, ImageCallPhase.Sending, ImageCallPhase.WaitingForService, ImageCallPhase.Reading, ImageCallPhase.Downloading, ImageCallPhase.Saving], phases);
        Assert.True(seen[0].Wait > TimeSpan.Zero, "the wait says how long");
        ImageCallProgress[] sending = seen.Where(p => p.Phase == ImageCallPhase.Sending).ToArray();
        long total = api.Sent[^3].Body.Length;
        Assert.All(sending, p => Assert.Equal(total, p.TotalBytes));
        Assert.Equal(total, sending[^1].BytesSent);
        Assert.True(sending.Length > 2, "the upload is reported as it goes");
        Assert.Equal([0, 1], seen.Where(p => p.Phase == ImageCallPhase.Downloading).Select(p => p.ImageIndex!.Value));
    }

    [Fact]
    public async Task Without_a_listener_the_request_is_sent_exactly_as_before()
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var seen = new List<ImageCallProgress>();
        var plain = new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 };

        await api.Client().GenerateAsync(plain);
        await api.Client().GenerateAsync(plain with { Progress = new Collect(seen) });

        Assert.Equal(api.Sent[0].Body, api.Sent[1].Body);
        Assert.Equal(api.Sent[0].Header("Content-Type"), api.Sent[1].Header("Content-Type"));
        Assert.Equal(api.Sent[0].ContentLength, api.Sent[1].ContentLength);
        Assert.Contains(seen, p => p.Phase == ImageCallPhase.Reading);
    }

    /// <summary>Collects reports on the thread that makes them (Progress&lt;T&gt; would post them later).</summary>
    private sealed class Collect(List<ImageCallProgress> into) : IProgress<ImageCallProgress>
    {
        public void Report(ImageCallProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
