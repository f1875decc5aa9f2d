using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>The hand-written baseline: HttpClient and System.Text.Json, as a careful caller would write it without an SDK.</summary>
public static class RawApi
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static HttpRequestMessage GenerationRequest(RawGenerationRequest body) =>
        new(HttpMethod.Post, "images/generations")
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, RawJson.Default.RawGenerationRequest)) { Headers = { ContentType = Json } },
        };

    /// <summary>POST, then <see cref="JsonDocument"/> over the body and <c>GetBytesFromBase64</c> per image.</summary>
    public static async Task<byte[][]> GenerateB64Async(HttpClient http, RawGenerationRequest body, CancellationToken cancellationToken = default)
    {
        using HttpRequestMessage request = GenerationRequest(body);
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await ReadB64Async(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST, then the URL of each image.</summary>
    public static async Task<Uri[]> GenerateUrlAsync(HttpClient http, RawGenerationRequest body, CancellationToken cancellationToken = default)
    {
        using HttpRequestMessage request = GenerationRequest(body);
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using JsonDocument document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        JsonElement data = document.RootElement.GetProperty("data");
        var urls = new Uri[data.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in data.EnumerateArray())
        {
            urls[i++] = new Uri(item.GetProperty("url").GetString()!, UriKind.Absolute);
        }

        return urls;
    }

    /// <summary>POST, then each <c>b64_json</c> decoded straight from the response stream into a file (never a whole image in memory).</summary>
    public static async Task<long> GenerateToFilesAsync(HttpClient http, RawGenerationRequest body, string directory, CancellationToken cancellationToken = default)
    {
        using HttpRequestMessage request = GenerationRequest(body);
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await StreamingB64Writer.WriteFilesAsync(stream, directory, "raw-", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A multipart edit: <see cref="MultipartFormDataContent"/> with the file as a <see cref="StreamContent"/>.</summary>
    public static async Task<byte[][]> EditAsync(HttpClient http, string imagePath, string model, string prompt, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(model), "model");
        var file = new FileStream(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var image = new StreamContent(file, 81920);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "image", Path.GetFileName(imagePath));
        form.Add(new StringContent(prompt), "prompt");
        using var request = new HttpRequestMessage(HttpMethod.Post, "images/edits") { Content = form };
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await ReadB64Async(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a file as our client does: a temporary file, flushed to disk, then renamed over the target.</summary>
    public static async Task WriteFileDurablyAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static async Task<byte[][]> ReadB64Async(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using JsonDocument document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        JsonElement data = document.RootElement.GetProperty("data");
        var images = new byte[data.GetArrayLength()][];
        int i = 0;
        foreach (JsonElement item in data.EnumerateArray())
        {
            images[i++] = item.GetProperty("b64_json").GetBytesFromBase64();
        }

        return images;
    }
}

/// <summary>
/// Decodes every <c>"b64_json":"…"</c> value of a compact OpenAI answer from a stream into its own file through two
/// 64 KiB pooled buffers. A purpose-built scanner (no escapes inside base64, compact JSON), not a general JSON reader:
/// it shows what a bounded-memory save costs.
/// </summary>
public static class StreamingB64Writer
{
    private const int BufferSize = 64 * 1024;

    private static ReadOnlySpan<byte> Marker => "\"b64_json\":\""u8;

    public static async Task<long> WriteFilesAsync(Stream body, string directory, string prefix, CancellationToken cancellationToken)
    {
        byte[] input = ArrayPool<byte>.Shared.Rent(BufferSize);
        byte[] output = ArrayPool<byte>.Shared.Rent(BufferSize);
        int start = 0;
        int end = 0;
        int index = 0;
        long total = 0;
        FileStream? file = null;
        string? temp = null;
        try
        {
            while (true)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(input, start, input, 0, end - start);
                    end -= start;
                    start = 0;
                }

                int read = await body.ReadAsync(input.AsMemory(end, BufferSize - end), cancellationToken).ConfigureAwait(false);
                end += read;
                while (true)
                {
                    if (file is null)
                    {
                        int at = input.AsSpan(start, end - start).IndexOf(Marker);
                        if (at < 0)
                        {
                            start = Math.Max(start, end - (Marker.Length - 1));
                            break;
                        }

                        start += at + Marker.Length;
                        temp = Path.Combine(directory, prefix + index + ".png.tmp");
                        file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                        continue;
                    }

                    (int consumed, int written, bool done) = Decode(input.AsSpan(start, end - start), output);
                    await file.WriteAsync(output.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                    total += written;
                    start += consumed;
                    if (!done)
                    {
                        break;
                    }

                    start++; // the closing quote
                    file.Flush(flushToDisk: true);
                    await file.DisposeAsync().ConfigureAwait(false);
                    file = null;
                    File.Move(temp!, Path.Combine(directory, prefix + index + ".png"), overwrite: true);
                    index++;
                }

                if (read == 0)
                {
                    if (file is not null)
                    {
                        throw new InvalidDataException("The body ended inside a b64_json value.");
                    }

                    return total;
                }
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }

            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static (int Consumed, int Written, bool Done) Decode(ReadOnlySpan<byte> available, Span<byte> output)
    {
        int quote = available.IndexOf((byte)'"');
        bool final = quote >= 0;
        int whole = available.Length - (available.Length % 4);
        if (!final && whole > 0 && available[whole - 1] == (byte)'=')
        {
            // The padded last group, before its closing quote has arrived: decoded with it, as the final block.
            whole -= 4;
        }

        ReadOnlySpan<byte> text = final ? available.Slice(0, quote) : available.Slice(0, whole);
        OperationStatus status = Base64.DecodeFromUtf8(text, output, out int consumed, out int written, isFinalBlock: final);
        if (status == OperationStatus.InvalidData || (final && status != OperationStatus.Done))
        {
            throw new InvalidDataException("b64_json is not valid base64: " + status);
        }

        return (consumed, written, final);
    }
}

/// <summary>The generation request the baseline sends.</summary>
public sealed class RawGenerationRequest
{
    public string? Model { get; set; }

    public string? Prompt { get; set; }

    public int? N { get; set; }

    public string? Size { get; set; }

    public string? ResponseFormat { get; set; }

    public bool? Stream { get; set; }

    public int? PartialImages { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RawGenerationRequest))]
internal sealed partial class RawJson : JsonSerializerContext;
