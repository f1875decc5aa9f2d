using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Batches;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The growth benchmark's Batch API case, in a child process: N small generations (dall-e-2, 256x256, <c>b64_json</c>)
/// submitted as one batch to the emulator (<c>OpenAIImages.Testing</c>, served by the parent over loopback), polled
/// until done, and every image of the results file saved to its own file. The <c>offline</c> variant runs the emulator
/// in the child itself, through its in-process handler, as the offline CLI does: its figures include the emulator's.
/// </summary>
public static class GrowthBatch
{
    /// <summary>
    /// The variants: our <see cref="ImagesBatchClient"/>, a careful hand-written <see cref="HttpClient"/> one, and our
    /// client against an emulator in the same process (the parent's server unused).
    /// </summary>
    public static readonly string[] Variants = ["raw", "ours", "offline"];

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs one variant for <paramref name="lines"/> lines into <paramref name="directory"/>; what it saved.</summary>
    public static Task<string> RunAsync(string variant, int lines, Uri baseAddress, string directory) => variant switch
    {
        "ours" => OursAsync(lines, baseAddress, directory),
        "raw" => RawAsync(lines, baseAddress, directory),
        "offline" => OfflineAsync(lines, directory),
        _ => throw new ArgumentException("Unknown batch variant " + variant, nameof(variant)),
    };

    /// <summary>The lines, made as they are enumerated (a caller's own list is not the client's memory).</summary>
    public static IEnumerable<ImagesBatchRequest> Requests(int lines)
    {
        for (int i = 0; i < lines; i++)
        {
            yield return ImagesBatchRequest.ForGeneration(
                "line-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new ImageGenerationOptions(Payloads.Prompt + " #" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    Model = ImageModel.DallE2,
                    Size = ImageSize.Square256,
                    ResponseFormat = ImageResponseFormat.Base64Json,
                });
        }
    }

    private static Task<string> OursAsync(int lines, Uri baseAddress, string directory) =>
        SubmitAndSaveAsync(new HttpClient(), lines, baseAddress, directory);

    // The emulator completes a batch on its first poll, as the parent's does; its handler serves any host.
    private static Task<string> OfflineAsync(int lines, string directory)
    {
        var emulator = new OpenAIImages.Testing.ImagesEmulator(new OpenAIImages.Testing.ImagesEmulatorOptions { BatchPollsToComplete = 1 });
        return SubmitAndSaveAsync(new HttpClient(emulator.CreateHandler()), lines, Clients.BaseAddress, directory);
    }

    private static async Task<string> SubmitAndSaveAsync(HttpClient owned, int lines, Uri baseAddress, string directory)
    {
        using HttpClient http = owned;
        var options = new ImagesClientOptions { ApiKey = Clients.ApiKey, BaseAddress = baseAddress };
        var batches = new ImagesBatchClient(http, options, new ImagesBatchOptions { PollInterval = Poll, MaxPollInterval = Poll });
        ImagesBatch batch = await batches.SubmitAsync(Requests(lines)).ConfigureAwait(false);
        double submitPeak = PeakMB();
        int saved = 0;
        long bytes = 0;
        await foreach (ImagesBatchLineResult line in batches.ResumeAsync(batch.Id, directory).ConfigureAwait(false))
        {
            ImageResult result = line.Result ?? throw new InvalidDataException(line.CustomId + " failed: " + line.Error!.Message);
            saved++;
            bytes += new FileInfo(result.Images[0].FilePath!).Length;
        }

        return Check(lines, saved, bytes) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; peak {submitPeak:0.0} MB after the submission");
    }

    // As a careful caller writes it by hand: the input file written to disk line by line and uploaded from there, the
    // results read line by line (one line's text and document at a time), each image decoded and written.
    private static async Task<string> RawAsync(int lines, Uri baseAddress, string directory)
    {
        using HttpClient http = Clients.Raw(new SocketsHttpHandler(), baseAddress);
        string input = Path.Combine(directory, "input.jsonl");
        using (var file = new FileStream(input, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        using (var writer = new Utf8JsonWriter(file))
        {
            for (int i = 0; i < lines; i++)
            {
                writer.Reset();
                writer.WriteStartObject();
                writer.WriteString("custom_id", "line-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("method", "POST");
                writer.WriteString("url", "/v1/images/generations");
                writer.WriteStartObject("body");
                writer.WriteString("model", "dall-e-2");
                writer.WriteString("prompt", Payloads.Prompt + " #" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("size", "256x256");
                writer.WriteString("response_format", "b64_json");
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.Flush();
                file.WriteByte((byte)'\n');
            }
        }

        string fileId;
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent("batch"), "purpose");
            var content = new StreamContent(new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), 81920);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
            form.Add(content, "file", "batch.jsonl");
            fileId = await PostForIdAsync(http, "files", form).ConfigureAwait(false);
        }

        string create = "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/images/generations\",\"completion_window\":\"24h\"}";
        string batchId = await PostForIdAsync(http, "batches", new StringContent(create, Encoding.UTF8, "application/json")).ConfigureAwait(false);
        string outputId;
        while (true)
        {
            using JsonDocument batch = JsonDocument.Parse(await http.GetByteArrayAsync("batches/" + batchId).ConfigureAwait(false));
            if (batch.RootElement.GetProperty("status").GetString() == "completed")
            {
                outputId = batch.RootElement.GetProperty("output_file_id").GetString()!;
                break;
            }

            await Task.Delay(Poll).ConfigureAwait(false);
        }

        (int saved, long bytes) = await RawSaveResultsAsync(http, outputId, directory).ConfigureAwait(false);
        return Check(lines, saved, bytes);
    }

    /// <summary>
    /// Saves every image of a results file as a careful caller writes it by hand: line by line (one line's text and
    /// document at a time), each image decoded and written durably; how many were saved and their bytes.
    /// </summary>
    public static async Task<(int Saved, long Bytes)> RawSaveResultsAsync(HttpClient http, string outputId, string directory)
    {
        using HttpResponseMessage response = await http.GetAsync("files/" + outputId + "/content", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), Encoding.UTF8, false, 64 * 1024);
        int saved = 0;
        long bytes = 0;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } text)
        {
            using JsonDocument line = JsonDocument.Parse(text);
            string customId = line.RootElement.GetProperty("custom_id").GetString()!;
            JsonElement answer = line.RootElement.GetProperty("response");
            if (answer.GetProperty("status_code").GetInt32() != 200)
            {
                throw new InvalidDataException(customId + " failed: " + answer);
            }

            byte[] image = answer.GetProperty("body").GetProperty("data")[0].GetProperty("b64_json").GetBytesFromBase64();
            await RawApi.WriteFileDurablyAsync(Path.Combine(directory, customId + "-0.png"), image).ConfigureAwait(false);
            saved++;
            bytes += image.Length;
        }

        return (saved, bytes);
    }

    private static double PeakMB()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / 1e6;
    }

    private static async Task<string> PostForIdAsync(HttpClient http, string path, HttpContent content)
    {
        using HttpResponseMessage response = await http.PostAsync(path, content).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
        return answer.RootElement.GetProperty("id").GetString()!;
    }

    private static string Check(int lines, int saved, long bytes) =>
        saved == lines
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{saved} images saved, {bytes / 1e6:0.0} MB")
            : throw new InvalidDataException($"{saved} of {lines} lines saved");
}
