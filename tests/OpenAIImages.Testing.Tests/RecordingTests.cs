using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

public sealed class RecordingTests
{
    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Json_requests_are_recorded_with_fields_as_text_and_the_key_redacted(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Client.DefaultRequestHeaders.Add("x-stainless-retry-count", "0");

        await harness.Client.GenerateAsync("""{"model":"dall-e-2","prompt":"A \"quoted\" otter","n":2,"size":"256x256","response_format":"b64_json"}""");

        EmulatedRequest request = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/images/generations", request.Path);
        Assert.Equal("dall-e-2", request.Fields["model"]);
        Assert.Equal("A \"quoted\" otter", request.Fields["prompt"]);
        Assert.Equal("2", request.Fields["n"]);
        Assert.Equal("b64_json", request.Fields["response_format"]);
        Assert.Empty(request.Files);
        Assert.Equal("Bearer ***", request.Headers["authorization"]);
        Assert.Equal("Bearer ***", request.Headers["Authorization"]);
        Assert.DoesNotContain("sk-test", string.Join("|", request.Headers.Values), StringComparison.Ordinal);
        Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("0", request.Headers["X-Stainless-Retry-Count"]);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Multipart_requests_are_recorded_with_text_parts_and_files(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        MultipartFormDataContent form = Api.Form(("model", "gpt-image-1.5"), ("prompt", "Add a red hat"), ("stream", "false"))
            .WithFile("image", "image.png", Png.OnePixel)
            .WithFile("mask", "mask.png", Png.OnePixel);

        HttpResponseMessage response = await harness.Client.PostAsync("images/edits", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        EmulatedRequest request = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("/v1/images/edits", request.Path);
        Assert.Equal("gpt-image-1.5", request.Fields["model"]);
        Assert.Equal("Add a red hat", request.Fields["prompt"]);
        Assert.Equal("false", request.Fields["stream"]);
        Assert.Equal(2, request.Files.Count);
        Assert.Equal(("image", "image.png", "image/png", (long)Png.OnePixel.Length), (request.Files[0].Name, request.Files[0].FileName, request.Files[0].ContentType, request.Files[0].Length));
        Assert.Equal(("mask", "mask.png"), (request.Files[1].Name, request.Files[1].FileName));
        Assert.StartsWith("multipart/form-data", request.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_missing_or_empty_key_is_401_invalid_api_key(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Client.DefaultRequestHeaders.Authorization = null;

        HttpResponseMessage missing = await harness.Client.GenerateAsync("""{"prompt":"p"}""");
        harness.Client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer ");
        HttpResponseMessage empty = await harness.Client.GenerateAsync("""{"prompt":"p"}""");

        await missing.ErrorAsync(HttpStatusCode.Unauthorized, null, "invalid_api_key");
        await empty.ErrorAsync(HttpStatusCode.Unauthorized, null, "invalid_api_key");
        Assert.Matches(@"^(Bearer )?\*\*\*$", harness.Emulator.Requests[1].Headers["Authorization"]);
        Assert.False(harness.Emulator.Requests[0].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task RequireApiKey_off_accepts_requests_without_a_key()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess, new ImagesEmulatorOptions { RequireApiKey = false });
        harness.Client.DefaultRequestHeaders.Authorization = null;

        HttpResponseMessage response = await harness.Client.GenerateAsync("""{"prompt":"p","size":"256x256"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_configured_key_rejects_other_keys_without_echoing_them()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess, new ImagesEmulatorOptions { ApiKey = "sk-right" });

        HttpResponseMessage wrong = await harness.Client.GenerateAsync("""{"prompt":"p","size":"256x256"}""");
        harness.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-right");
        HttpResponseMessage right = await harness.Client.GenerateAsync("""{"prompt":"p","size":"256x256"}""");

        var error = await wrong.ErrorAsync(HttpStatusCode.Unauthorized, null, "invalid_api_key");
        Assert.DoesNotContain("sk-test", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task The_created_timestamp_comes_from_the_configured_clock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess, new ImagesEmulatorOptions { TimeProvider = clock });

        var root = await (await harness.Client.GenerateAsync("""{"prompt":"p","size":"256x256"}""")).JsonAsync();

        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), root.GetProperty("created").GetInt64());
    }

    [Fact]
    public async Task Requests_is_a_snapshot_and_servers_share_the_emulator_state()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer server = await emulator.StartServerAsync();
        using var inProcess = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://localhost/v1/") };
        using var overHttp = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/v1/$", server.BaseAddress.AbsoluteUri);

        var before = emulator.Requests;
        await inProcess.GenerateAsync("""{"prompt":"p"}""");
        await overHttp.GenerateAsync("""{"prompt":"p"}""");

        Assert.Empty(before);
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task Starting_a_second_server_on_a_taken_port_throws_IOException()
    {
        var emulator = new ImagesEmulator();
        await using EmulatorServer first = await emulator.StartServerAsync();

        await Assert.ThrowsAnyAsync<IOException>(() => emulator.StartServerAsync(first.BaseAddress.Port));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => emulator.StartServerAsync(70000));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
