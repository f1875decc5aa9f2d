using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Engine;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Batches;

/// <summary>
/// Batch input files far larger than the emulator keeps in memory (40 MB of lines): uploaded through either transport,
/// they are buffered to a temporary file, stored byte for byte, run line by line, and no temporary file outlives its
/// request, even one cut off mid-upload.
/// </summary>
public sealed class LargeUploadTests : IDisposable
{
    private const int Lines = 400;

    // Each line carries a 100 KB `user` field, so a few hundred cheap dall-e-2 images make 40 MB of input.
    private static readonly string Padding = new('u', 100_000);

    /// <summary>Gets the emulator's own folder for upload buffers, so no other test's files are counted here.</summary>
    private readonly string _buffers = Path.Combine(Path.GetTempPath(), "openai-images-emulator-tests-" + Guid.NewGuid().ToString("N"));

    public LargeUploadTests()
    {
        Directory.CreateDirectory(_buffers);
    }

    public void Dispose() => Directory.Delete(_buffers, recursive: true);

    [Theory]
    [InlineData("kestrel")]
    [InlineData("in-process")]
    public async Task A_40_MB_upload_is_stored_byte_for_byte_and_its_batch_answers_every_line(string transport)
    {
        byte[] input = Input(Lines);
        ImagesEmulator emulator = Emulator();
        await using EmulatorServer? server = transport == "kestrel" ? await emulator.StartServerAsync() : null;
        using HttpClient http = Client(server is null ? new HttpClient(emulator.CreateHandler()) : new HttpClient(), server?.BaseAddress);

        JsonElement file = await (await http.PostAsync("files", Upload(new MemoryStream(input)))).JsonAsync();
        string fileId = file.GetProperty("id").GetString()!;
        byte[] stored = await http.GetByteArrayAsync("files/" + fileId + "/content");
        JsonElement batch = await CreateBatchAsync(http, fileId);
        JsonElement done = await (await http.GetAsync("batches/" + batch.GetProperty("id").GetString())).JsonAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using (var output = new StreamReader(await http.GetStreamAsync("files/" + done.GetProperty("output_file_id").GetString() + "/content")))
        {
            while (await output.ReadLineAsync() is { } text)
            {
                using JsonDocument line = JsonDocument.Parse(text);
                Assert.Equal(200, line.RootElement.GetProperty("response").GetProperty("status_code").GetInt32());
                ids.Add(line.RootElement.GetProperty("custom_id").GetString()!);
            }
        }

        Assert.True(input.Length > 40_000_000, $"{input.Length} bytes");
        Assert.Equal(input.LongLength, file.GetProperty("bytes").GetInt64());
        Assert.Equal(SHA256.HashData(input), SHA256.HashData(stored));
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(Lines, done.GetProperty("request_counts").GetProperty("completed").GetInt32());
        Assert.Equal(Lines, ids.Count);
        Assert.Empty(Directory.GetFiles(_buffers));
    }

    [Fact]
    public async Task A_large_file_part_is_buffered_in_a_temporary_file_deleted_with_the_body()
    {
        byte[] content = RandomNumberGenerator.GetBytes(3 * BodyReader.FileMemoryThreshold);
        using MultipartFormDataContent form = Api.Form(("purpose", "batch")).WithFile("file", "in.jsonl", content, "application/jsonl");
        using Stream body = await form.ReadAsStreamAsync();

        RequestBody read = await BodyReader.ReadAsync(form.Headers.ContentType!.ToString(), body, _buffers, CancellationToken.None);
        string[] whileHeld = Directory.GetFiles(_buffers);
        BodyFile file = Assert.Single(read.Files);
        long length = file.Length;
        byte[] data = file.Data;
        read.Dispose();

        Assert.Single(whileHeld);
        Assert.Equal(content.LongLength, length);
        Assert.Equal(content, data);
        Assert.Empty(Directory.GetFiles(_buffers));
    }

    [Fact]
    public async Task An_upload_cut_off_mid_body_on_the_server_leaves_no_temporary_file()
    {
        ImagesEmulator emulator = Emulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        const string Boundary = "cut-off-boundary";
        string head = "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
            + "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n";
        byte[] sent = [.. Encoding.ASCII.GetBytes(head), .. Input(40)]; // about 4 MB of the 20 MB promised

        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port);
            string request = "POST /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-test\r\n"
                + "Content-Type: multipart/form-data; boundary=" + Boundary + "\r\nContent-Length: 20000000\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
            await socket.SendAsync(sent);
            await WaitUntilAsync(() => Directory.GetFiles(_buffers).Length == 1, "the part to spill to a temporary file");
            socket.LingerState = new LingerOption(true, 0); // closed with a reset, as a client that dies does
        }

        await WaitUntilAsync(() => Directory.GetFiles(_buffers).Length == 0, "the temporary file to be deleted");
    }

    [Fact]
    public async Task Content_that_fails_mid_upload_in_process_fails_the_call_and_leaves_no_temporary_file()
    {
        ImagesEmulator emulator = Emulator();
        using HttpClient http = Client(new HttpClient(emulator.CreateHandler()), null);

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync("files", Upload(new FailingStream(Input(40)))));

        Assert.IsType<IOException>(error.InnerException);
        Assert.Empty(Directory.GetFiles(_buffers));
    }

    [Fact]
    public async Task A_cancelled_upload_in_process_is_cancelled_and_leaves_no_temporary_file()
    {
        ImagesEmulator emulator = Emulator();
        using HttpClient http = Client(new HttpClient(emulator.CreateHandler()), null);
        using var cancel = new CancellationTokenSource();
        var source = new FailingStream(Input(40), onEnd: cancel.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.PostAsync("files", Upload(source), cancel.Token));

        Assert.Empty(Directory.GetFiles(_buffers));
    }

    private ImagesEmulator Emulator() => new(new ImagesEmulatorOptions { BatchPollsToComplete = 1, UploadBufferDirectory = _buffers });

    private static HttpClient Client(HttpClient http, Uri? baseAddress)
    {
        http.BaseAddress = baseAddress ?? new Uri("http://localhost/v1/");
        http.Timeout = TimeSpan.FromMinutes(2);
        http.DefaultRequestHeaders.Add("Authorization", "Bearer sk-test");
        return http;
    }

    private static MultipartFormDataContent Upload(Stream content)
    {
        var part = new StreamContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        MultipartFormDataContent form = Api.Form(("purpose", "batch"));
        form.Add(part, "file", "in.jsonl");
        return form;
    }

    private static async Task<JsonElement> CreateBatchAsync(HttpClient http, string fileId)
    {
        string body = "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/images/generations\",\"completion_window\":\"24h\"}";
        return await (await http.PostAsync("batches", new StringContent(body, Encoding.UTF8, "application/json"))).JsonAsync();
    }

    private static byte[] Input(int lines)
    {
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            text.Append("{\"custom_id\":\"line-").Append(i)
                .Append("\",\"method\":\"POST\",\"url\":\"/v1/images/generations\",\"body\":{\"model\":\"dall-e-2\",\"prompt\":\"a kite #").Append(i)
                .Append("\",\"size\":\"256x256\",\"response_format\":\"b64_json\",\"user\":\"").Append(Padding).Append("\"}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); !condition(); await Task.Delay(20))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "Timed out waiting for " + what);
        }
    }

    /// <summary>Gives its bytes, then (unless told what to do at the end instead) fails as a disk or network read would.</summary>
    private sealed class FailingStream(byte[] data, Action? onEnd = null) : MemoryStream(data, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            if (onEnd is null)
            {
                throw new IOException("The source of the upload failed.");
            }

            onEnd();
            cancellationToken.ThrowIfCancellationRequested();
            return 0;
        }
    }
}
