using System;
using System.Collections.Generic;
using System.Drawing;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using SkiaSharp;

namespace OpenAIImages.Testing.Tests.Replay;

/// <summary>
/// <see cref="RecordingHandler"/> recording the SDK's traffic to a local service (the emulator on 127.0.0.1, standing in
/// for OpenAI) and replaying it with that service stopped.
/// </summary>
public sealed class RecordAndReplayTests : IDisposable
{
    private const string Key = "sk-proj-recording-secret-0123456789abcdef";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "openai-images-recordings", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Generation_stream_and_masked_edit_replay_byte_equal_with_the_service_stopped_and_no_secret_in_any_file()
    {
        byte[] input = EmulatorImages.CreatePng(256, 256);
        byte[] mask = EmulatorImages.CreateMask(256, 256, new Rectangle(32, 32, 64, 64));
        Uri baseAddress;
        List<byte[]> recorded;
        await using (EmulatorServer service = await new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = Key }).StartServerAsync())
        {
            baseAddress = service.BaseAddress;
            using var handler = new RecordingHandler(new RecordingOptions(_folder) { Mode = RecordingMode.Record }, new SocketsHttpHandler());
            recorded = await RunAsync(handler, baseAddress, input, mask);
        }

        using var replayer = new RecordingHandler(new RecordingOptions(_folder) { Mode = RecordingMode.Replay });
        List<byte[]> replayed = await RunAsync(replayer, baseAddress, input, mask);

        Assert.Equal(recorded.Count, replayed.Count);
        for (int i = 0; i < recorded.Count; i++)
        {
            Assert.Equal(recorded[i], replayed[i]);
        }

        string[] files = Directory.GetFiles(_folder, "*.json");
        Assert.Equal(3, files.Length);
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain("recording-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Bearer", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Replay_of_a_request_never_recorded_fails_with_RecordingNotFoundException_naming_it()
    {
        using var replayer = new RecordingHandler(new RecordingOptions(_folder));
        using var http = new HttpClient(replayer) { BaseAddress = new Uri("http://127.0.0.1:9/v1/") };

        RecordingNotFoundException error = await Assert.ThrowsAsync<RecordingNotFoundException>(() =>
            http.PostAsync("images/generations", new StringContent("""{"model":"gpt-image-1","prompt":"never recorded"}""", System.Text.Encoding.UTF8, "application/json")));

        Assert.Contains("POST /v1/images/generations", error.Message, StringComparison.Ordinal);
        Assert.Contains("prompt=never recorded", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(_folder, error.ExpectedFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_call_with_no_recording_fails_with_RecordingNotFoundException()
    {
        using var replayer = new RecordingHandler(new RecordingOptions(_folder));
        var baseAddress = new Uri("http://127.0.0.1:9/v1/");
        var client = new ImagesClient(Client(replayer, baseAddress), new ImagesClientOptions { ApiKey = Key, BaseAddress = baseAddress });

        RecordingNotFoundException error = await Assert.ThrowsAsync<RecordingNotFoundException>(() => client.GenerateAsync(new ImageGenerationOptions("never recorded") { Model = ImageModel.GptImage1 }));

        Assert.Contains("prompt=never recorded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ignores_the_fields_it_is_told_change_each_run_and_matches_on_the_rest()
    {
        await using (EmulatorServer service = await new ImagesEmulator().StartServerAsync())
        {
            using var recorder = new RecordingHandler(new RecordingOptions(_folder) { Mode = RecordingMode.RecordIfMissing, IgnoredFields = { "user" } }, new SocketsHttpHandler());
            using var http = Client(recorder, service.BaseAddress);
            Assert.True((await PostAsync(http, "run-1", "a fox")).IsSuccessStatusCode);
        }

        using var replayer = new RecordingHandler(new RecordingOptions(_folder) { IgnoredFields = { "user" } });
        using var replay = Client(replayer, new Uri("http://127.0.0.1:9/v1/"));
        Assert.True((await PostAsync(replay, "run-2", "a fox")).IsSuccessStatusCode);
        await Assert.ThrowsAsync<RecordingNotFoundException>(() => PostAsync(replay, "run-2", "a wolf"));
    }

    [Fact]
    public async Task Shrunk_recordings_hold_a_small_valid_image_of_the_recorded_format_and_size()
    {
        await using EmulatorServer service = await new ImagesEmulator().StartServerAsync();
        using var recorder = new RecordingHandler(new RecordingOptions(_folder) { Mode = RecordingMode.Record, ShrinkImages = true }, new SocketsHttpHandler());
        var client = new ImagesClient(Client(recorder, service.BaseAddress), new ImagesClientOptions { ApiKey = Key, BaseAddress = service.BaseAddress });

        ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("a harbour at dusk")
        {
            Model = ImageModel.GptImage1,
            Size = ImageSize.Landscape1536x1024,
            Quality = ImageQuality.High,
            OutputFormat = ImageOutputFormat.Jpeg,
        });

        var streamed = new List<byte[]>();
        await foreach (ImageStreamEvent e in client.GenerateStreamingAsync(new ImageGenerationOptions("a harbour at dawn") { Model = ImageModel.GptImage1, PartialImages = 2, Size = ImageSize.Square1024, Quality = ImageQuality.High }))
        {
            streamed.Add(e.Image.Bytes.ToArray());
        }

        using SKBitmap image = SKBitmap.Decode(Assert.Single(result.Images).Bytes.ToArray());
        Assert.Equal((1536, 1024), (image.Width, image.Height));
        Assert.Equal(3, streamed.Count);
        Assert.All(streamed, png =>
        {
            using SKBitmap frame = SKBitmap.Decode(png);
            Assert.Equal((1024, 1024), (frame.Width, frame.Height));
        });
        Assert.All(Directory.GetFiles(_folder), file => Assert.True(new FileInfo(file).Length < 64 * 1024, $"{file} should be small"));
    }

    [Fact]
    public async Task Azure_api_key_header_and_secret_query_values_are_not_written()
    {
        await using EmulatorServer service = await new ImagesEmulator(new ImagesEmulatorOptions { Azure = true }).StartServerAsync();
        using var recorder = new RecordingHandler(new RecordingOptions(_folder) { Mode = RecordingMode.Record }, new SocketsHttpHandler());
        using var http = new HttpClient(recorder);
        http.DefaultRequestHeaders.Add("api-key", "azure-key-7f3e9a1b2c");

        using HttpResponseMessage response = await http.PostAsync(
            new Uri(service.BaseAddress, "openai/deployments/dall-e-3/images/generations?api-version=2024-10-21&sig=signature-5d4c3b2a"),
            new StringContent("""{"prompt":"a lighthouse","response_format":"b64_json"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.IsSuccessStatusCode);
        string text = File.ReadAllText(Assert.Single(Directory.GetFiles(_folder)));
        Assert.DoesNotContain("azure-key-7f3e9a1b2c", text, StringComparison.Ordinal);
        Assert.DoesNotContain("signature-5d4c3b2a", text, StringComparison.Ordinal);
        Assert.Contains("api-version=2024-10-21", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_in_the_url_is_not_written()
    {
        await using EmulatorServer service = await new ImagesEmulator().StartServerAsync();
        using var recorder = new RecordingHandler(new RecordingOptions(_folder) { Mode = RecordingMode.Record }, new SocketsHttpHandler());
        using var http = new HttpClient(recorder);
        var url = new UriBuilder(new Uri(service.BaseAddress, "images/generations")) { UserName = "tester", Password = "pa55word-7c1d" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent("""{"model":"dall-e-2","prompt":"a fox","size":"256x256"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        string text = File.ReadAllText(Assert.Single(Directory.GetFiles(_folder)));
        Assert.DoesNotContain("pa55word-7c1d", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tester", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static HttpClient Client(HttpMessageHandler handler, Uri baseAddress) =>
        new(handler, disposeHandler: false) { BaseAddress = baseAddress };

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string user, string prompt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "images/generations")
        {
            Content = new StringContent($$"""{"model":"dall-e-2","prompt":"{{prompt}}","size":"256x256","user":"{{user}}","response_format":"b64_json"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        return http.SendAsync(request);
    }

    // A generation, a streamed generation and a masked multipart edit through the SDK; the images' bytes, in order.
    private static async Task<List<byte[]>> RunAsync(HttpMessageHandler handler, Uri baseAddress, byte[] input, byte[] mask)
    {
        using HttpClient http = Client(handler, baseAddress);
        var client = new ImagesClient(http, new ImagesClientOptions { ApiKey = Key, BaseAddress = baseAddress });
        var images = new List<byte[]>();

        ImageResult generated = await client.GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.DallE3, ResponseFormat = ImageResponseFormat.Base64Json });
        images.Add(generated.Images[0].Bytes.ToArray());

        await foreach (ImageStreamEvent streamed in client.GenerateStreamingAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage1, PartialImages = 2, Quality = ImageQuality.Low }))
        {
            images.Add(streamed.Image.Bytes.ToArray());
        }

        ImageResult edited = await client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(input, "photo.png"), "add a window")
        {
            Model = ImageModel.DallE2,
            Mask = ImageInput.FromBytes(mask, "mask.png"),
            Size = ImageSize.Square256,
            ResponseFormat = ImageResponseFormat.Base64Json,
        });
        images.Add(edited.Images[0].Bytes.ToArray());
        Assert.Equal(5, images.Count);
        return images;
    }
}
