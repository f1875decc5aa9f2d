using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Batches;

/// <summary>The emulated Batch API as any client sees it on the wire.</summary>
public sealed class EmulatorBatchApiTests
{
    private const string Line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/images/generations\",\"body\":{\"model\":\"dall-e-2\",\"prompt\":\"a kite\",\"size\":\"256x256\",\"response_format\":\"b64_json\"}}\n";

    [Fact]
    public async Task A_batch_completes_once_its_delay_has_passed_on_the_emulators_clock()
    {
        var clock = new ManualClock();
        using HttpClient http = Client(new ImagesEmulator(new ImagesEmulatorOptions { TimeProvider = clock, BatchCompletionDelay = TimeSpan.FromMinutes(5), BatchPollsToComplete = 1000 }));
        string id = await CreateAsync(http, Line);

        JsonElement early = await (await http.GetAsync("batches/" + id)).JsonAsync();
        clock.Advance(TimeSpan.FromMinutes(5));
        JsonElement done = await (await http.GetAsync("batches/" + id)).JsonAsync();

        Assert.Equal("in_progress", early.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, early.GetProperty("output_file_id").ValueKind);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(1, done.GetProperty("request_counts").GetProperty("completed").GetInt32());
        string output = await http.GetStringAsync("files/" + done.GetProperty("output_file_id").GetString() + "/content");
        using JsonDocument line = JsonDocument.Parse(output.TrimEnd('\n'));
        Assert.Equal("a", line.RootElement.GetProperty("custom_id").GetString());
        Assert.Equal(200, line.RootElement.GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.StartsWith("iVBORw0KGgo", line.RootElement.GetProperty("response").GetProperty("body").GetProperty("data")[0].GetProperty("b64_json").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_the_images_endpoint_would_refuse_comes_back_with_that_endpoints_400()
    {
        using HttpClient http = Client(new ImagesEmulator(new ImagesEmulatorOptions { BatchPollsToComplete = 1 }));
        string id = await CreateAsync(http, Line.Replace("256x256", "999x999", StringComparison.Ordinal));

        JsonElement done = await (await http.GetAsync("batches/" + id)).JsonAsync();
        string output = await http.GetStringAsync("files/" + done.GetProperty("output_file_id").GetString() + "/content");

        Assert.Equal(1, done.GetProperty("request_counts").GetProperty("failed").GetInt32());
        using JsonDocument line = JsonDocument.Parse(output);
        JsonElement response = line.RootElement.GetProperty("response");
        Assert.Equal(400, response.GetProperty("status_code").GetInt32());
        Assert.Equal("size", response.GetProperty("body").GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_input_file_with_a_bad_line_fails_the_batch_naming_the_line()
    {
        using HttpClient http = Client(new ImagesEmulator());
        string id = await CreateAsync(http, Line + "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/images/edits\",\"body\":{}}\nnot json\n");

        JsonElement batch = await (await http.GetAsync("batches/" + id)).JsonAsync();

        Assert.Equal("failed", batch.GetProperty("status").GetString());
        JsonElement errors = batch.GetProperty("errors").GetProperty("data");
        Assert.Equal(2, errors.GetArrayLength());
        Assert.Equal(2, errors[0].GetProperty("line").GetInt32());
        Assert.Equal("The url '/v1/images/edits' does not match the batch's endpoint '/v1/images/generations'.", errors[0].GetProperty("message").GetString());
        Assert.Equal(3, errors[1].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_file_for_another_purpose_is_refused()
    {
        using HttpClient http = Client(new ImagesEmulator());

        HttpResponseMessage response = await http.PostAsync("files", Api.Form(("purpose", "fine-tune")).WithFile("file", "x.jsonl", Encoding.UTF8.GetBytes(Line), "application/jsonl"));

        await response.ErrorAsync(HttpStatusCode.BadRequest, "purpose", "invalid_value");
    }

    [Fact]
    public async Task The_batch_routes_need_the_api_key_like_the_images_endpoints()
    {
        using var http = new HttpClient(new ImagesEmulator().CreateHandler()) { BaseAddress = new Uri("http://localhost/v1/") };

        HttpResponseMessage response = await http.GetAsync("batches");

        await response.ErrorAsync(HttpStatusCode.Unauthorized, null, "invalid_api_key");
    }

    private static HttpClient Client(ImagesEmulator emulator)
    {
        var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://localhost/v1/") };
        http.DefaultRequestHeaders.Add("Authorization", "Bearer sk-test");
        return http;
    }

    private static async Task<string> CreateAsync(HttpClient http, string jsonl)
    {
        JsonElement file = await (await http.PostAsync("files", Api.Form(("purpose", "batch")).WithFile("file", "in.jsonl", Encoding.UTF8.GetBytes(jsonl), "application/jsonl"))).JsonAsync();
        string body = "{\"input_file_id\":\"" + file.GetProperty("id").GetString() + "\",\"endpoint\":\"/v1/images/generations\",\"completion_window\":\"24h\"}";
        JsonElement batch = await (await http.PostAsync("batches", new StringContent(body, Encoding.UTF8, "application/json"))).JsonAsync();
        Assert.Equal("validating", batch.GetProperty("status").GetString());
        return batch.GetProperty("id").GetString()!;
    }
}
