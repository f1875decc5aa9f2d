using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Testing;

namespace OpenAIImages.Web.Tests;

/// <summary>The edit form's upload as any HTTP client sends it: streamed to a file of the request's own, checked as it arrives, and not kept.</summary>
[Collection(WebCollection.Name)]
public sealed class UploadTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private const string Boundary = "----sample-boundary";

    private readonly DirectoryInfo _uploads = Directory.CreateTempSubdirectory("openaiimages-web-uploads-");

    [Fact]
    public async Task An_edit_streams_each_file_to_a_private_temporary_file_that_is_gone_once_answered()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        byte[] room = EmulatorImages.CreatePng(512, 512);
        byte[] mask = EmulatorImages.CreateMask(512, 512, new System.Drawing.Rectangle(0, 0, 256, 256));
        var gate = new UpstreamGate();
        (WebApplication app, Uri address) = await StartAsync(services => services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(gate.CreateHandler)));
        await using (app)
        {
            using HttpClient client = WebAppFixture.PageClient(address);
            Task<HttpResponseMessage> edit = client.PostAsync("api/edits", EditForm(("image", "room.png", Png(room)), ("mask", "mask.png", Png(mask))), bound.Token);

            // While the call is upstream, the two files are on disk, readable by this user only.
            await gate.WaitForInFlightAsync(1, bound.Token);
            FileInfo[] held = _uploads.GetFiles();
            Assert.Equal(new[] { (long)mask.Length, room.Length }, held.Select(f => f.Length).Order());
            if (!OperatingSystem.IsWindows())
            {
                Assert.All(held, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, f.UnixFileMode));
            }

            gate.Open();
            using HttpResponseMessage response = await edit;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("edit", EventStream.Parse(await response.Content.ReadAsStringAsync()).Single(e => e.Type == "completed").Data.GetProperty("operation").GetString());
            EmulatedRequest sent = app.Services.GetRequiredService<ImagesEmulator>().Requests.Single();
            Assert.Equal(new[] { ("image", "room.png", (long)room.Length), ("mask", "mask.png", (long)mask.Length) }, sent.Files.Select(f => (f.Name, f.FileName, f.Length)));
            Assert.Empty(_uploads.GetFiles());
        }
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\n", "its Content-Type names no multipart boundary")]
    [InlineData("multipart/form-data; boundary=" + Boundary, "not a multipart body at all", "its multipart body is malformed or cut off")]
    [InlineData("multipart/form-data; boundary=" + Boundary, "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na door", "its multipart body is malformed or cut off")]
    [InlineData("multipart/form-data; boundary=" + Boundary, "--" + Boundary + "\r\nContent-Type: text/plain\r\n\r\na door\r\n--" + Boundary + "--\r\n", "a part has no Content-Disposition of form-data with a name")]
    [InlineData("multipart/form-data; boundary=" + Boundary, "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"other\"; filename=\"x.png\"\r\n\r\nabc\r\n--" + Boundary + "--\r\n", "it has a file named other; an edit takes image and mask")]
    public async Task A_malformed_multipart_body_is_a_400_with_a_sentence_and_sends_nothing(string contentType, string body, string why)
    {
        (WebApplication app, Uri address) = await StartAsync();
        await using (app)
        {
            using HttpClient client = WebAppFixture.PageClient(address);
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

            using HttpResponseMessage response = await client.PostAsync("api/edits", content);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal($"The edit form could not be read: {why}.", await MessageAsync(response));
            Assert.Empty(app.Services.GetRequiredService<ImagesEmulator>().Requests);
            Assert.Empty(_uploads.GetFiles());
        }
    }

    [Fact]
    public async Task A_multipart_body_that_ends_in_the_middle_of_an_image_is_a_400_and_leaves_no_file()
    {
        (WebApplication app, Uri address) = await StartAsync();
        await using (app)
        {
            using HttpClient client = WebAppFixture.PageClient(address);
            var content = new ByteArrayContent(HalfAnImage());
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=" + Boundary);

            using HttpResponseMessage response = await client.PostAsync("api/edits", content);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("The edit form could not be read: its multipart body is malformed or cut off.", await MessageAsync(response));
            Assert.Empty(app.Services.GetRequiredService<ImagesEmulator>().Requests);
            Assert.Empty(_uploads.GetFiles());
        }
    }

    [Fact]
    public async Task A_client_that_goes_away_in_the_middle_of_an_upload_leaves_no_file_and_sends_nothing()
    {
        (WebApplication app, Uri address) = await StartAsync();
        await using (app)
        {
            byte[] sent = HalfAnImage();
            try
            {
                // The length says more is coming; the client then closes its side, as a closed tab does.
                await RawHttp.SendAsync(
                    address,
                    $"POST /api/edits HTTP/1.1\nHost: 127.0.0.1\nX-Images-Sample: 1\nContent-Type: multipart/form-data; boundary={Boundary}\nContent-Length: {sent.Length + 1000}",
                    sent,
                    endRequest: true,
                    CancellationToken.None);
            }
            catch (IOException)
            {
                // The app may answer by closing the connection: nobody is there to read an answer.
            }

            // Stopping waits for the request to end, so what it left behind is on disk now.
            await app.StopAsync();

            Assert.Empty(app.Services.GetRequiredService<ImagesEmulator>().Requests);
            Assert.Empty(_uploads.GetFiles());
        }
    }

    [Fact]
    public async Task An_upload_that_does_not_arrive_in_time_is_a_408_frees_its_slot_and_leaves_no_file()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var time = new FakeTimeProvider();
        (WebApplication app, Uri address) = await StartAsync(
            services => services.AddSingleton<TimeProvider>(time),
            new Dictionary<string, string?> { ["Sample:Limits:UploadSeconds"] = "120", ["Sample:Limits:ConcurrentRequests"] = "1", ["Sample:Limits:QueuedRequests"] = "0" });
        await using (app)
        {
            byte[] sent = HalfAnImage();
            Task<(int Status, string Body)> slow = RawHttp.SendAsync(
                address,
                $"POST /api/edits HTTP/1.1\nHost: 127.0.0.1\nX-Images-Sample: 1\nContent-Type: multipart/form-data; boundary={Boundary}\nContent-Length: {sent.Length + 1000}",
                sent,
                endRequest: false,
                bound.Token);

            // Once its image is being written, the upload is under way; then its two minutes pass with the rest unsent.
            while (_uploads.GetFiles().Length == 0)
            {
                await Task.Delay(10, bound.Token);
            }

            time.Advance(TimeSpan.FromSeconds(121));
            (int status, string body) = await slow.WaitAsync(bound.Token);

            Assert.Equal(408, status);
            Assert.Contains("The edit form did not arrive within 120 seconds", body, StringComparison.Ordinal);
            Assert.Empty(_uploads.GetFiles());
            using HttpClient client = WebAppFixture.PageClient(address);
            using HttpResponseMessage next = await client.PostAsync("api/edits", EditForm(("image", "room.png", Png(EmulatorImages.CreatePng(256, 256)))), bound.Token);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_from_its_first_bytes_beside_the_image_field()
    {
        (WebApplication app, Uri address) = await StartAsync();
        await using (app)
        {
            using HttpClient client = WebAppFixture.PageClient(address);
            var text = new ByteArrayContent("%PDF-1.7 not an image at all"u8.ToArray());

            using HttpResponseMessage response = await client.PostAsync("api/edits", EditForm(("image", "report.png", text)));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("validation", error.GetProperty("kind").GetString());
            Assert.Equal("image", error.GetProperty("errors")[0].GetProperty("field").GetString());
            Assert.Equal("image is not a PNG, JPEG or WebP file", error.GetProperty("errors")[0].GetProperty("message").GetString());
            Assert.Empty(app.Services.GetRequiredService<ImagesEmulator>().Requests);
            Assert.Empty(_uploads.GetFiles());
        }
    }

    [Fact]
    public async Task An_image_of_50_MB_is_refused_as_it_streams_and_leaves_no_file()
    {
        (WebApplication app, Uri address) = await StartAsync();
        await using (app)
        {
            using HttpClient client = WebAppFixture.PageClient(address);
            byte[] png = EmulatorImages.CreatePng(64, 64);

            using HttpResponseMessage response = await client.PostAsync("api/edits", EditForm(("image", "huge.png", new ZeroPaddedContent(png, 50 * MiB))));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("image is 50 MB or more; this app takes files smaller than 50 MB", error.GetProperty("errors")[0].GetProperty("message").GetString());
            Assert.Empty(app.Services.GetRequiredService<ImagesEmulator>().Requests);
            Assert.Empty(_uploads.GetFiles());
        }
    }

    [Fact]
    public async Task A_second_image_past_the_apps_one_per_edit_is_refused_beside_the_image_field()
    {
        (WebApplication app, Uri address) = await StartAsync();
        await using (app)
        {
            using HttpClient client = WebAppFixture.PageClient(address);
            byte[] png = EmulatorImages.CreatePng(256, 256);

            using HttpResponseMessage response = await client.PostAsync("api/edits", EditForm(("image", "a.png", Png(png)), ("image", "b.png", Png(png))));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("this app takes one image per edit", error.GetProperty("errors")[0].GetProperty("message").GetString());
            Assert.Empty(_uploads.GetFiles());
        }
    }

    [Theory]
    [InlineData("api/edits", "multipart/form-data; boundary=" + Boundary, "The edit form is larger than this app takes: at most 101 MB, for one image and a mask smaller than 50 MB each.")]
    [InlineData("api/generations", "application/json", "The prompt form is larger than this app takes (1 MB).")]
    public async Task A_body_longer_than_the_endpoint_takes_is_a_413_with_a_sentence_before_it_is_read(string path, string contentType, string message)
    {
        (WebApplication app, Uri address) = await StartAsync();
        await using (app)
        {
            (int status, string body) = await RawHttp.SendAsync(
                address,
                $"POST /{path} HTTP/1.1\nHost: 127.0.0.1\nX-Images-Sample: 1\nContent-Type: {contentType}\nContent-Length: {200 * MiB}",
                [],
                endRequest: false,
                CancellationToken.None);

            Assert.Equal(413, status);
            Assert.Contains(message, body, StringComparison.Ordinal);
            Assert.Empty(app.Services.GetRequiredService<ImagesEmulator>().Requests);
        }
    }

    [Fact]
    public async Task A_prompt_form_whose_chunked_framing_is_broken_is_a_400_with_a_sentence_not_an_empty_500()
    {
        (WebApplication app, Uri address) = await StartAsync();
        await using (app)
        {
            (int status, string body) = await RawHttp.SendAsync(
                address,
                "POST /api/generations HTTP/1.1\nHost: 127.0.0.1\nX-Images-Sample: 1\nContent-Type: application/json\nTransfer-Encoding: chunked",
                Encoding.ASCII.GetBytes("5\r\n{\"pro\r\nzz\r\nmpt\"}\r\n0\r\n\r\n"),
                endRequest: false,
                CancellationToken.None);

            Assert.Equal(400, status);
            Assert.Contains("The request could not be read: it is malformed or cut off.", body, StringComparison.Ordinal);
            Assert.Empty(app.Services.GetRequiredService<ImagesEmulator>().Requests);
        }
    }

    public void Dispose() => _uploads.Delete(recursive: true);

    private Task<(WebApplication App, Uri BaseAddress)> StartAsync(Action<IServiceCollection>? configure = null, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Sample:UploadFolder"] = _uploads.FullName;
        return WebAppFixture.StartAsync(settings, configure);
    }

    private static MultipartFormDataContent EditForm(params (string Name, string FileName, HttpContent Content)[] files)
    {
        var form = new MultipartFormDataContent(Boundary) { { new StringContent("add a red door"), "prompt" } };
        foreach ((string name, string fileName, HttpContent content) in files)
        {
            form.Add(content, name, fileName);
        }

        return form;
    }

    private static byte[] HalfAnImage()
    {
        byte[] png = EmulatorImages.CreatePng(256, 256);
        byte[] head = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"cut.png\"\r\nContent-Type: image/png\r\n\r\n");
        return [.. head, .. png.AsSpan(0, png.Length / 2)];
    }

    private static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static async Task<string?> MessageAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
}
