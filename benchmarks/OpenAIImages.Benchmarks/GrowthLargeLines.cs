using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OpenAIImages.Batches;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The growth benchmark's large-line case: a finished batch whose results file holds N lines of one large image each
/// (<see cref="GrowthOptions.LargeLineImageBytes"/> decoded, about 50 MB of base64 a line, as a 3840x2160 image can be),
/// every image saved to its own file. A canned server on 127.0.0.1 answers the batch and writes the file from one image's
/// base64, so the server holds one line, not N. Size 0 is a child's warm-up: one small line.
/// </summary>
public static class GrowthLargeLines
{
    /// <summary>The variants: our <see cref="ImagesBatchClient"/>, and the hand-written reader of the Batch API case.</summary>
    public static readonly string[] Variants = ["raw", "ours"];

    private const int SmallImageBytes = 4096;

    /// <summary>Starts the server: <c>batches/batch_lines_N</c> is a completed batch whose output file <c>file-lines-N</c> has N lines.</summary>
    public static Task<LoopbackServer> StartServerAsync()
    {
        byte[] large = Encoding.ASCII.GetBytes(Convert.ToBase64String(Payloads.FakePng(GrowthOptions.LargeLineImageBytes, 31)));
        byte[] small = Encoding.ASCII.GetBytes(Convert.ToBase64String(Payloads.FakePng(SmallImageBytes, 32)));
        return LoopbackServer.StartAsync(async context =>
        {
            string path = context.Request.Path.Value ?? string.Empty;
            if (path.Contains("/batches/batch_lines_", StringComparison.Ordinal))
            {
                string n = path[(path.LastIndexOf('_') + 1)..];
                string batch = "{\"id\":\"batch_lines_" + n + "\",\"object\":\"batch\",\"endpoint\":\"/v1/images/generations\",\"errors\":null,"
                    + "\"input_file_id\":\"file-input\",\"completion_window\":\"24h\",\"status\":\"completed\",\"output_file_id\":\"file-lines-" + n + "\","
                    + "\"error_file_id\":null,\"created_at\":1767225600,\"completed_at\":1767225700,"
                    + "\"request_counts\":{\"total\":" + n + ",\"completed\":" + n + ",\"failed\":0},\"metadata\":{}}";
                await LoopbackServer.AnswerAsync(context, Encoding.UTF8.GetBytes(batch)).ConfigureAwait(false);
                return;
            }

            int lines = int.Parse(path.Split('/')[^2]["file-lines-".Length..], CultureInfo.InvariantCulture);
            byte[] b64 = lines == 0 ? small : large;
            int count = Math.Max(lines, 1);
            context.Response.ContentType = "application/octet-stream";
            for (int i = 0; i < count; i++)
            {
                string id = i.ToString(CultureInfo.InvariantCulture);
                string head = "{\"id\":\"batch_req_" + id + "\",\"custom_id\":\"line-" + id + "\",\"response\":{\"status_code\":200,\"request_id\":\"req_" + id
                    + "\",\"body\":{\"created\":1767225600,\"data\":[{\"b64_json\":\"";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(head)).ConfigureAwait(false);
                await context.Response.Body.WriteAsync(b64).ConfigureAwait(false);
                await context.Response.Body.WriteAsync("\"}],\"size\":\"3840x2160\",\"usage\":{\"input_tokens\":50,\"output_tokens\":6240,\"total_tokens\":6290}}},\"error\":null}\n"u8.ToArray()).ConfigureAwait(false);
            }
        });
    }

    /// <summary>Saves the images of a batch of <paramref name="lines"/> large lines (size 0: the warm-up's one small line); what was saved.</summary>
    public static async Task<string> RunAsync(string variant, int lines, Uri baseAddress, string directory)
    {
        string batchId = "batch_lines_" + lines.ToString(CultureInfo.InvariantCulture);
        int saved;
        long bytes;
        switch (variant)
        {
            case "raw":
                using (HttpClient http = Clients.Raw(new SocketsHttpHandler(), baseAddress))
                {
                    (saved, bytes) = await GrowthBatch.RawSaveResultsAsync(http, "file-lines-" + lines.ToString(CultureInfo.InvariantCulture), directory).ConfigureAwait(false);
                }

                break;
            case "ours":
                using (var http = new HttpClient())
                {
                    var batches = new ImagesBatchClient(http, new ImagesClientOptions { ApiKey = Clients.ApiKey, BaseAddress = baseAddress });
                    (saved, bytes) = (0, 0);
                    await foreach (ImagesBatchLineResult line in batches.ReadResultsAsync(await batches.GetAsync(batchId).ConfigureAwait(false), directory).ConfigureAwait(false))
                    {
                        ImageResult result = line.Result ?? throw new InvalidDataException(line.CustomId + " failed: " + line.Error!.Message);
                        saved++;
                        bytes += new FileInfo(result.Images[0].FilePath!).Length;
                    }
                }

                break;
            default:
                throw new ArgumentException("Unknown large-line variant " + variant, nameof(variant));
        }

        int count = Math.Max(lines, 1);
        long expected = (long)count * (lines == 0 ? SmallImageBytes : GrowthOptions.LargeLineImageBytes);
        return saved == count && bytes == expected
            ? string.Create(CultureInfo.InvariantCulture, $"{saved} images saved, {bytes / 1e6:0.0} MB")
            : throw new InvalidDataException($"saved {saved} images of {bytes} bytes, expected {count} of {expected}");
    }
}
