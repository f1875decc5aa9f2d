using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>
/// Real sockets on 127.0.0.1: connections reset or cut short mid-body, corrupt compressed bodies through the SDK's
/// default handler, and an image host that accepts and never answers. Each ends in a documented exception, never a hang.
/// </summary>
public sealed class ConnectionFailureTests : IDisposable
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };
    private static readonly ImageGenerationOptions StreamRequest = new("a lighthouse") { Model = ImageModel.GptImage2, PartialImages = 1 };

    private readonly string _dir = Directory.CreateTempSubdirectory("openaiimages-conn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ImagesClient Client(RawHttpServer server, Action<ImagesClientOptions>? configure = null)
    {
        ImagesClientOptions options = RecordingApi.Options(o =>
        {
            o.BaseAddress = server.BaseAddress;
            configure?.Invoke(o);
        });

        // The SDK's own default handler (shared pool, automatic decompression), as an application without its own HttpClient gets.
        return new ImagesClient(options);
    }

    private static string Body(int images = 1) => RecordingApi.SuccessJson(images).Replace("\"data\"", "\"pad\":\"" + new string('x', 50_000) + "\",\"data\"", StringComparison.Ordinal);

    private static byte[] Head(string contentType, string framing) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\n{framing}x-request-id: req_raw\r\nConnection: close\r\n\r\n");

    [Fact]
    public async Task A_connection_reset_mid_body_is_a_connection_error()
    {
        byte[] body = Encoding.UTF8.GetBytes(Body());
        await using var server = new RawHttpServer(async (_, exchange) =>
        {
            await exchange.WriteAsync([.. Head("application/json", $"Content-Length: {body.Length}\r\n"), .. body.AsSpan(0, body.Length / 2)]);
            exchange.Reset();
        });

        var error = await Assert.ThrowsAsync<ImagesConnectionException>(() => Client(server).GenerateAsync(Request));

        Assert.Contains("connection broke while the Images API's 200 answer was being read", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task A_chunked_body_cut_short_is_a_connection_error_and_leaves_no_file()
    {
        byte[] body = Encoding.UTF8.GetBytes(Body(images: 2));
        await using var server = new RawHttpServer(async (_, exchange) =>
        {
            int half = body.Length / 2;
            await exchange.WriteAsync([.. Head("application/json", "Transfer-Encoding: chunked\r\n"), .. Encoding.ASCII.GetBytes($"{half:x}\r\n"), .. body.AsSpan(0, half), (byte)'\r', (byte)'\n']);

            // No terminating zero-length chunk: the body ends before it is complete.
        });

        await Assert.ThrowsAsync<ImagesConnectionException>(() => Client(server).GenerateToFilesAsync(Request, _dir));

        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task A_corrupt_compressed_body_through_the_default_handler_is_an_invalid_answer(string encoding)
    {
        byte[] garbage = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, .. Encoding.ASCII.GetBytes("this is not a deflate stream at all, not at all"), 0xFF, 0xFE, 0xFD];
        await using var server = new RawHttpServer((_, exchange) => exchange.RespondAsync("application/json", garbage, $"Content-Encoding: {encoding}\r\n"));

        var error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(() => Client(server).GenerateAsync(Request));

        Assert.Contains("compressed encoding is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal(200, error.Status);
        Assert.Equal("req_raw", error.RequestId);
    }

    [Fact]
    public async Task A_stream_reset_after_its_first_event_is_a_stream_error_with_the_cause_inside()
    {
        string first = "data: {\"type\":\"image_generation.partial_image\",\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\",\"partial_image_index\":0}\n\n";
        await using var server = new RawHttpServer(async (_, exchange) =>
        {
            await exchange.WriteAsync([.. Head("text/event-stream", "Content-Length: 1000000\r\n"), .. Encoding.UTF8.GetBytes(first + "data: {\"type\":")]);
            exchange.Reset();
        });
        var seen = new List<ImageStreamEvent>();

        var error = await Assert.ThrowsAsync<ImagesStreamException>(async () =>
        {
            await foreach (ImageStreamEvent e in Client(server).GenerateStreamingAsync(StreamRequest))
            {
                seen.Add(e);
            }
        });

        Assert.Single(seen);
        Assert.StartsWith("The event stream broke off", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task A_corrupt_gzip_stream_is_a_stream_error()
    {
        await using var server = new RawHttpServer((_, exchange) => exchange.RespondAsync("text/event-stream", [0x1F, 0x8B, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9], "Content-Encoding: gzip\r\n"));

        var error = await Assert.ThrowsAsync<ImagesStreamException>(async () =>
        {
            await foreach (ImageStreamEvent e in Client(server).GenerateStreamingAsync(StreamRequest))
            {
            }
        });

        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    // The image host accepts the download and never answers: once the download has arrived, the fake clock moves past
    // DownloadTimeout and the save ends. Nothing waits out real time.
    [Fact]
    public async Task Saving_from_an_image_host_that_never_answers_ends_at_the_download_timeout()
    {
        var time = new FakeTimeProvider();
        await using var server = new RawHttpServer((request, exchange) => request.Method == "GET"
            ? exchange.HangAsync()
            : exchange.RespondAsync("application/json", Encoding.UTF8.GetBytes("{\"created\":1,\"data\":[{\"url\":\"" + exchange.Root + "img/1.png?sig=secret\"}]}")));
        ImagesClient client = Client(server, o =>
        {
            o.TimeProvider = time;
            o.DownloadTimeout = TimeSpan.FromSeconds(30);
        });
        ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 });

        Task save = result.Images[0].SaveAsync(Path.Combine(_dir, "never.png"));
        await server.DownloadArrived.Task;
        time.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<ImagesDownloadException>(() => save);

        Assert.Contains("took longer than ImagesClientOptions.DownloadTimeout (30 s)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=secret", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Status);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Generating_to_files_from_an_image_host_that_never_answers_ends_at_the_download_timeout_and_leaves_no_file()
    {
        var time = new FakeTimeProvider();
        await using var server = new RawHttpServer((request, exchange) => request.Method == "GET"
            ? exchange.HangAsync()
            : exchange.RespondAsync("application/json", Encoding.UTF8.GetBytes("{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\"},{\"url\":\"" + exchange.Root + "img/2.png\"}]}")));
        ImagesClient client = Client(server, o =>
        {
            FakeClock.Use(o, time);
            o.DownloadTimeout = TimeSpan.FromMinutes(1);
        });

        Task<ImageResult> call = client.GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE2, N = 2 }, _dir);
        await server.DownloadArrived.Task;
        time.Advance(TimeSpan.FromMinutes(1));
        var error = await Assert.ThrowsAsync<ImagesDownloadException>(() => call);

        Assert.Equal(1, error.ImageIndex);
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_download_reset_midway_is_a_download_error_and_the_call_leaves_no_file()
    {
        await using var server = new RawHttpServer(async (request, exchange) =>
        {
            if (request.Method == "GET")
            {
                await exchange.WriteAsync([.. Head("image/png", "Content-Length: 100000\r\n"), .. new byte[5000]]);
                exchange.Reset();
            }
            else
            {
                await exchange.RespondAsync("application/json", Encoding.UTF8.GetBytes("{\"created\":1,\"data\":[{\"url\":\"" + exchange.Root + "img/3.png\"}]}"));
            }
        });

        var error = await Assert.ThrowsAsync<ImagesDownloadException>(() => Client(server).GenerateToFilesAsync(new ImageGenerationOptions("x") { Model = ImageModel.DallE3 }, _dir));

        Assert.Contains("Downloading image 0 from http://127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }
}
