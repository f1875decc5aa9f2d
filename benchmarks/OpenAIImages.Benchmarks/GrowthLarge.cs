using System;
using System.ClientModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OpenAI.Images;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The growth benchmark's large-image cases. Generation: n images of 3840x2160 (each <see cref="GrowthOptions.LargeImageBytes"/>
/// decoded, as <c>b64_json</c>) saved to files, from a canned server that writes the answer from one image's base64 n times.
/// Edit: 1 to 16 input files of <see cref="GrowthOptions.EditInputBytes"/> each uploaded to a server that drains them. Size
/// 0 is a child's warm-up: one small image or input.
/// </summary>
public static class GrowthLarge
{
    /// <summary>The generation's variants: the hand-written floor (<see cref="StreamingB64Writer"/>), ours to files, and the official package (in memory, then written).</summary>
    public static readonly string[] GenerationVariants = ["raw", "ours", "official"];

    /// <summary>The edit's variants: the hand-written floor (<see cref="MultipartFormDataContent"/> over file streams) and ours.</summary>
    public static readonly string[] EditVariants = ["raw", "ours"];

    private const string WarmUp = "warm-up";

    private const int SmallImageBytes = 4096;

    /// <summary>Starts the generation server: <c>n</c> images of <paramref name="imageBytes"/>, or small ones for a warm-up prompt.</summary>
    public static Task<LoopbackServer> StartGenerationServerAsync(int imageBytes)
    {
        byte[] large = Encoding.ASCII.GetBytes(Convert.ToBase64String(Payloads.FakePng(imageBytes, 11)));
        byte[] small = Encoding.ASCII.GetBytes(Convert.ToBase64String(Payloads.FakePng(SmallImageBytes, 12)));
        byte[] head = """{"created":1767225600,"data":["""u8.ToArray();
        byte[] open = Encoding.ASCII.GetBytes("{\"b64_json\":\"");
        byte[] tail = ""","background":"opaque","output_format":"png","quality":"high","size":"3840x2160","usage":{"input_tokens":50,"output_tokens":6240,"total_tokens":6290,"input_tokens_details":{"text_tokens":50,"image_tokens":0}}}"""u8.ToArray();
        return LoopbackServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body).ConfigureAwait(false);
            body.Position = 0;
            using JsonDocument request = JsonDocument.Parse(body);
            int n = request.RootElement.TryGetProperty("n", out JsonElement count) ? count.GetInt32() : 1;
            byte[] b64 = request.RootElement.GetProperty("prompt").GetString() == WarmUp ? small : large;
            context.Response.ContentType = "application/json";
            context.Response.Headers["x-request-id"] = Payloads.RequestId;
            context.Response.ContentLength = head.Length + (n * (open.Length + b64.Length + 2)) + (n - 1) + 1 + tail.Length;
            await context.Response.Body.WriteAsync(head).ConfigureAwait(false);
            for (int i = 0; i < n; i++)
            {
                await context.Response.Body.WriteAsync(open).ConfigureAwait(false);
                await context.Response.Body.WriteAsync(b64).ConfigureAwait(false);
                await context.Response.Body.WriteAsync(i == n - 1 ? "\"}"u8.ToArray() : "\"},"u8.ToArray()).ConfigureAwait(false);
            }

            await context.Response.Body.WriteAsync("]"u8.ToArray()).ConfigureAwait(false);
            await context.Response.Body.WriteAsync(tail).ConfigureAwait(false);
        });
    }

    /// <summary>Starts the edit server: drains the upload, answers one small image and the bytes it read in a header.</summary>
    public static Task<LoopbackServer> StartEditServerAsync()
    {
        byte[] answer = Payloads.B64Response([Payloads.FakePng(SmallImageBytes, 13)]);
        return LoopbackServer.StartAsync(async context =>
        {
            long read = await LoopbackServer.DrainAsync(context.Request).ConfigureAwait(false);
            context.Response.Headers["x-upload-bytes"] = read.ToString(CultureInfo.InvariantCulture);
            await LoopbackServer.AnswerAsync(context, answer).ConfigureAwait(false);
        });
    }

    /// <summary>Generates <paramref name="n"/> images (size 0: the warm-up) and saves each to a file; what was saved.</summary>
    public static async Task<string> GenerateAsync(string variant, int n, Uri baseAddress, string directory)
    {
        using var handler = new SocketsHttpHandler();
        string prompt = n == 0 ? WarmUp : Payloads.Prompt;
        int count = Math.Max(n, 1);
        long saved;
        switch (variant)
        {
            case "raw":
                using (HttpClient raw = Clients.Raw(handler, baseAddress))
                {
                    saved = await RawApi.GenerateToFilesAsync(raw, new RawGenerationRequest { Model = "gpt-image-2", Prompt = prompt, N = count, Size = "3840x2160" }, directory).ConfigureAwait(false);
                }

                break;
            case "ours":
                ImageResult result = await Clients.Ours(handler, baseAddress).GenerateToFilesAsync(
                    new ImageGenerationOptions(prompt) { Model = ImageModel.GptImage2, N = count, Size = new ImageSize(3840, 2160) }, directory, "ours").ConfigureAwait(false);
                saved = result.Images.Sum(image => new FileInfo(image.FilePath!).Length);
                break;
            case "official":
                ClientResult<GeneratedImageCollection> images = await Clients.Official("gpt-image-2", handler, baseAddress).GenerateImagesAsync(
                    prompt, count, new OpenAI.Images.ImageGenerationOptions { Size = new GeneratedImageSize(3840, 2160) }).ConfigureAwait(false);
                saved = 0;
                for (int i = 0; i < images.Value.Count; i++)
                {
                    ReadOnlyMemory<byte> bytes = images.Value[i].ImageBytes.ToMemory();
                    await RawApi.WriteFileDurablyAsync(Path.Combine(directory, "official-" + i.ToString(CultureInfo.InvariantCulture) + ".png"), bytes).ConfigureAwait(false);
                    saved += bytes.Length;
                }

                break;
            default:
                throw new ArgumentException("Unknown generation variant " + variant, nameof(variant));
        }

        long expected = (long)count * (n == 0 ? SmallImageBytes : GrowthOptions.LargeImageBytes);
        return saved == expected
            ? string.Create(CultureInfo.InvariantCulture, $"{count} images saved, {saved / 1e6:0.0} MB")
            : throw new InvalidDataException($"saved {saved} bytes, expected {expected}");
    }

    /// <summary>Edits with <paramref name="inputs"/> input files (size 0: the warm-up, one small file); what was uploaded.</summary>
    public static async Task<string> EditAsync(string variant, int inputs, Uri baseAddress, string directory)
    {
        int fileBytes = inputs == 0 ? SmallImageBytes : GrowthOptions.EditInputBytes;
        // The parent writes the inputs into the size's folder, the one above this run's output folder.
        string inputDirectory = inputs == 0 ? directory : Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory))!;
        string[] paths = Enumerable.Range(0, Math.Max(inputs, 1)).Select(i => Path.Combine(inputDirectory, "input-" + i.ToString(CultureInfo.InvariantCulture) + ".png")).ToArray();
        if (inputs == 0)
        {
            await File.WriteAllBytesAsync(paths[0], Payloads.FakePng(fileBytes, 21)).ConfigureAwait(false);
        }
        else if (paths.Any(path => !File.Exists(path) || new FileInfo(path).Length != fileBytes))
        {
            // The parent writes the large inputs (WriteEditInputs), so that neither their bytes nor the time is this run's.
            throw new InvalidOperationException("The edit's input files are missing from " + inputDirectory);
        }

        using var handler = new SocketsHttpHandler();
        using HttpClient http = Clients.Raw(handler, baseAddress);
        long uploaded;
        switch (variant)
        {
            case "raw":
                using (var form = new MultipartFormDataContent())
                {
                    form.Add(new StringContent("gpt-image-2"), "model");
                    foreach (string path in paths)
                    {
                        var image = new StreamContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan), 81920);
                        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                        form.Add(image, "image[]", Path.GetFileName(path));
                    }

                    form.Add(new StringContent(Payloads.Prompt), "prompt");
                    using HttpResponseMessage response = await http.PostAsync("images/edits", form).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    uploaded = long.Parse(response.Headers.GetValues("x-upload-bytes").First(), CultureInfo.InvariantCulture);
                    using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
                    string path0 = Path.Combine(directory, "raw-edit.png");
                    await File.WriteAllBytesAsync(path0, answer.RootElement.GetProperty("data")[0].GetProperty("b64_json").GetBytesFromBase64()).ConfigureAwait(false);
                }

                break;
            case "ours":
                var counting = new UploadCountingHandler(new SocketsHttpHandler());
                ImagesClient ours = Clients.Ours(counting, baseAddress);
                ImageResult result = await ours.EditToFilesAsync(new ImageEditOptions(paths.Select(ImageInput.FromFile), Payloads.Prompt) { Model = ImageModel.GptImage2 }, directory, "ours-edit").ConfigureAwait(false);
                uploaded = counting.LastUploadBytes;
                if (new FileInfo(result.Images[0].FilePath!).Length != SmallImageBytes)
                {
                    throw new InvalidDataException("the edited image was not saved whole");
                }

                break;
            default:
                throw new ArgumentException("Unknown edit variant " + variant, nameof(variant));
        }

        long files = (long)paths.Length * fileBytes;
        return uploaded > files
            ? string.Create(CultureInfo.InvariantCulture, $"{paths.Length} inputs, {uploaded / 1e6:0.0} MB uploaded")
            : throw new InvalidDataException($"uploaded {uploaded} bytes, less than the {files} of the files");
    }

    /// <summary>Writes <paramref name="inputs"/> input files of <see cref="GrowthOptions.EditInputBytes"/> into <paramref name="directory"/>, as the edit's child expects them.</summary>
    public static void WriteEditInputs(int inputs, string directory)
    {
        byte[] png = Payloads.FakePng(GrowthOptions.EditInputBytes, 21);
        for (int i = 0; i < inputs; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, "input-" + i.ToString(CultureInfo.InvariantCulture) + ".png"), png);
        }
    }

    // Reads the server's count of the bytes it drained from each answer.
    private sealed class UploadCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public long LastUploadBytes { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Headers.TryGetValues("x-upload-bytes", out var values))
            {
                LastUploadBytes = long.Parse(values.First(), CultureInfo.InvariantCulture);
            }

            return response;
        }
    }
}
