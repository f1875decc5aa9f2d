using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;
using RichardSzalay.MockHttp;

namespace OpenAIImages.Tests.Recorded;

/// <summary>Every real response of the service (OpenAI's and Azure's, recorded by other projects' suites) replays through the SDK, in memory and to files.</summary>
public sealed class RecordedResponseTests : IDisposable
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Recorded", "responses");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "openaiimages-recorded-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Recordings()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void All_67_recordings_are_here()
    {
        Assert.Equal(67, Directory.GetFiles(Folder, "*.json").Length);
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task The_recorded_response_replays_in_memory(string file)
    {
        Recording recording = Recording.Load(file);
        RecordingApi api = recording.Api();

        Task<ImageResult> call = recording.Endpoint switch
        {
            "generations" => api.Client(Configure).GenerateAsync(new ImageGenerationOptions("replay") { Model = recording.Model }),
            "edits" => api.Client(Configure).EditAsync(new ImageEditOptions([ImageInput.FromBytes(TestImages.ReferencePng, "in.png")], "replay") { Model = recording.Model }),
            _ => api.Client(Configure).CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(TestImages.ReferencePng, "in.png")) { Model = recording.Model }),
        };

        if (recording.ExpectedException is { } expected)
        {
            ImagesException error = await Assert.ThrowsAnyAsync<ImagesException>(() => call);
            Assert.Equal(expected, error.GetType().Name);
            return;
        }

        if (recording.Status >= 400)
        {
            ImagesApiException error = await Assert.ThrowsAnyAsync<ImagesApiException>(() => call);
            Assert.Equal(recording.Status, error.Status);
            Assert.Equal(recording.ErrorCode, error.ErrorCode);
            return;
        }

        ImageResult result = await call;
        Assert.Equal(recording.Images.Count, result.Images.Count);
        for (int i = 0; i < result.Images.Count; i++)
        {
            GeneratedImage image = result.Images[i];
            if (recording.Images[i].B64 is { } b64)
            {
                Assert.Equal(Convert.FromBase64String(b64), image.Bytes.ToArray());
                // The answer's output_format wins; the recorders put a PNG in place of every image, so it may say webp.
                Assert.Equal(recording.OutputFormat ?? ImageOutputFormat.Png, image.OutputFormat);
            }
            else
            {
                Assert.Equal(new Uri(recording.Images[i].Url!), image.Url);
            }

            Assert.Equal(recording.Images[i].RevisedPrompt, image.RevisedPrompt);
        }

        Assert.Equal(recording.Created, result.Created.ToUnixTimeSeconds());
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task The_recorded_response_replays_to_files(string file)
    {
        Recording recording = Recording.Load(file);
        if (recording.Endpoint == "variations")
        {
            return; // variations have no files form
        }

        RecordingApi api = recording.Api();
        Task<ImageResult> call = recording.Endpoint == "generations"
            ? api.Client(Configure).GenerateToFilesAsync(new ImageGenerationOptions("replay") { Model = recording.Model }, _dir)
            : api.Client(Configure).EditToFilesAsync(new ImageEditOptions([ImageInput.FromBytes(TestImages.ReferencePng, "in.png")], "replay") { Model = recording.Model }, _dir);

        if (recording.Status >= 400 || recording.ExpectedException is not null)
        {
            await Assert.ThrowsAnyAsync<ImagesApiException>(() => call);
            Assert.False(Directory.Exists(_dir) && Directory.EnumerateFiles(_dir).Any());
            return;
        }

        ImageResult result = await call;
        Assert.Equal(recording.Images.Count, result.Images.Count);
        for (int i = 0; i < result.Images.Count; i++)
        {
            string path = Assert.IsType<string>(result.Images[i].FilePath);
            byte[] expected = recording.Images[i].B64 is { } b64 ? Convert.FromBase64String(b64) : TestImages.ReferencePng;
            Assert.Equal(expected, File.ReadAllBytes(path));
        }

        Assert.Equal(result.Images.Count, Directory.GetFiles(_dir).Length);
    }

    private static void Configure(ImagesClientOptions options) => options.ValidateRequests = false;

    private sealed record RecordedImage(string? B64, string? Url, string? RevisedPrompt);

    private sealed record Recording(string Endpoint, int Status, ImageModel? Model, string? ExpectedException, string? ErrorCode, long Created, IReadOnlyList<RecordedImage> Images, string Body, IReadOnlyDictionary<string, string> Headers)
    {
        public ImageOutputFormat? OutputFormat { get; init; }

        public static Recording Load(string file)
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, file)));
            JsonElement root = document.RootElement;
            string body = root.TryGetProperty("body", out JsonElement json) ? json.GetRawText() : root.GetProperty("body_text").GetString()!;
            var headers = root.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            string? model = root.GetProperty("request") is { ValueKind: JsonValueKind.Object } request && request.TryGetProperty("model", out JsonElement m) ? m.GetString() : null;
            var images = new List<RecordedImage>();
            long created = 0;
            string? code = null;
            if (json.ValueKind == JsonValueKind.Object)
            {
                if (json.TryGetProperty("data", out JsonElement data))
                {
                    images.AddRange(data.EnumerateArray().Select(item => new RecordedImage(
                        item.TryGetProperty("b64_json", out JsonElement b) ? b.GetString() : null,
                        item.TryGetProperty("url", out JsonElement u) ? u.GetString() : null,
                        item.TryGetProperty("revised_prompt", out JsonElement r) ? r.GetString() : null)));
                    created = json.GetProperty("created").GetInt64();
                }

                if (json.TryGetProperty("error", out JsonElement error) && error.TryGetProperty("code", out JsonElement c) && c.ValueKind == JsonValueKind.String)
                {
                    code = c.GetString();
                }
            }

            return new Recording(
                root.GetProperty("endpoint").GetString()!,
                root.GetProperty("status").GetInt32(),
                model is null ? (ImageModel?)null : new ImageModel(model),
                root.TryGetProperty("expect_exception", out JsonElement expect) ? expect.GetString() : null,
                code,
                created,
                images,
                body,
                headers)
            {
                OutputFormat = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("output_format", out JsonElement f) ? new ImageOutputFormat(f.GetString()!) : (ImageOutputFormat?)null,
            };
        }

        /// <summary>A mocked service that answers as recorded, and serves the PNG for any image URL (the recorded links are long expired).</summary>
        public RecordingApi Api()
        {
            var api = new RecordingApi();
            api.Handler.When(HttpMethod.Get, "*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(TestImages.ReferencePng) });
            api.Answer(_ =>
            {
                var response = new HttpResponseMessage((HttpStatusCode)Status) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
                foreach ((string name, string value) in Headers)
                {
                    if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                    {
                        response.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                return response;
            });
            return api;
        }
    }
}
