using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary>
/// The SDK's catalog (src/OpenAIImages/Catalog) and the emulator's (src/OpenAIImages.Testing/Rules) are two independent
/// readings of the same spec; every boundary case goes through both, and they must agree on accept or refuse.
/// </summary>
/// <remarks>
/// The SDK's verdict: an <see cref="ImagesClient"/> with <c>ValidateRequests = true</c> over a handler that only notes
/// whether anything was sent. The emulator's: the same request with <c>ValidateRequests = false</c>, answered by the emulator.
/// To update: add a model to <see cref="Models"/> when either catalog adds one; add a case to <see cref="Cases"/>; a
/// disagreement fails unless <see cref="KnownDisagreements"/> lists it with a reason, and a listed one that has gone
/// away fails too, so that the list stays true: delete its line.
/// </remarks>
public sealed class CatalogCrossCheckTests
{
    /// <summary>Every model both catalogs know.</summary>
    private static readonly string[] Models =
    [
        "dall-e-2", "dall-e-3",
        "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-1.5-2025-12-16", "chatgpt-image-latest",
        "gpt-image-2", "gpt-image-2-2026-04-21",
        "gpt-image-2.5-sunburst", "gpt-image-2.5-sunburst-2026-09-08", "gpt-image-2.5-flare", "gpt-image-2.5-flare-2026-09-08",
        "gpt-image-2.6-sunburst", "gpt-image-2.6-flare",
    ];

    /// <summary>The disagreements accepted for now: (model glob, case, why). A model glob is an id or a prefix ending in <c>*</c>.</summary>
    private static readonly (string Models, string Case, string Why)[] KnownDisagreements =
    [
    ];

    private static readonly byte[] Square = EmulatorImages.CreatePng(16, 16);

    /// <summary>The boundary cases: a name and the request, per model; each varies one field of a minimal request.</summary>
    private static readonly Dictionary<string, Func<string, Func<ImagesClient, Task>>> Cases = BuildCases();

    public static IEnumerable<object[]> ModelsAndCases() =>
        from model in Models from name in Cases.Keys select new object[] { model, name };

    [Theory]
    [MemberData(nameof(ModelsAndCases))]
    public async Task The_sdk_and_the_emulator_agree_on_each_boundary_case(string model, string name)
    {
        Func<ImagesClient, Task> call = Cases[name](model);

        bool sdkSends = await SdkSendsAsync(call);
        (bool emulatorAccepts, string answer) = await EmulatorAcceptsAsync(call);

        string? known = KnownDisagreements.Where(d => d.Case == name && Matches(d.Models, model)).Select(d => d.Why).FirstOrDefault();
        string verdicts = $"{model}, {name}: the SDK {(sdkSends ? "sends it" : "refuses it")}, the emulator {(emulatorAccepts ? "accepts it" : "refuses it")} ({answer})";
        if (known is null)
        {
            Assert.True(sdkSends == emulatorAccepts, $"Disagreement: {verdicts}. Fix the catalog that is wrong, or list it in KnownDisagreements with a reason.");
        }
        else
        {
            Assert.False(sdkSends == emulatorAccepts, $"Listed as a known disagreement ({known}), but they now agree: {verdicts}. Delete its KnownDisagreements line.");
        }
    }

    private static Dictionary<string, Func<string, Func<ImagesClient, Task>>> BuildCases()
    {
        var cases = new Dictionary<string, Func<string, Func<ImagesClient, Task>>>(StringComparer.Ordinal);

        void Generate(string name, Func<ImageGenerationOptions, ImageGenerationOptions> vary) =>
            cases.Add(name, model => client => client.GenerateAsync(vary(new ImageGenerationOptions("A lighthouse") { Model = new ImageModel(model) })));

        void Edit(string name, Func<ImageEditOptions, ImageEditOptions> vary) =>
            cases.Add("edit: " + name, model => client => client.EditAsync(vary(new ImageEditOptions(ImageInput.FromBytes(Square, "square.png"), "Add a hat") { Model = new ImageModel(model) })));

        void Stream(string name, int? partialImages) =>
            cases.Add(name, model => async client =>
            {
                var options = new ImageGenerationOptions("A lighthouse") { Model = new ImageModel(model), PartialImages = partialImages, Quality = new ImageQuality("low") };
                await foreach (ImageStreamEvent _ in client.GenerateStreamingAsync(options))
                {
                }
            });

        string[] sizes = ["256x256", "512x512", "1024x1024", "1792x1024", "1024x1792", "1536x1024", "1024x1536", "auto", "1280x720", "3840x2160", "1000x1000", "3456x1024", "4096x2048", "3840x2176"];
        foreach (string size in sizes)
        {
            Generate($"size {size}", o => o with { Size = new ImageSize(size) });
        }

        foreach (int n in new[] { 0, 1, 2, 10, 11 })
        {
            Generate($"n {n}", o => o with { N = n, Size = SmallestSize(o.Model!.Value.Value) });
        }

        foreach (string quality in new[] { "standard", "hd", "low", "medium", "high", "auto", "xhigh", "max" })
        {
            Generate($"quality {quality}", o => o with { Quality = new ImageQuality(quality) });
        }

        foreach (string style in new[] { "vivid", "natural" })
        {
            Generate($"style {style}", o => o with { Style = new ImageStyle(style) });
        }

        foreach (string format in new[] { "png", "jpeg", "webp", "gif", "svg" })
        {
            Generate($"output_format {format}", o => o with { OutputFormat = new ImageOutputFormat(format) });
        }

        Generate("output_compression 50 with jpeg", o => o with { OutputFormat = new ImageOutputFormat("jpeg"), OutputCompression = 50 });
        Generate("output_compression 101 with jpeg", o => o with { OutputFormat = new ImageOutputFormat("jpeg"), OutputCompression = 101 });
        Generate("output_compression 50 with png", o => o with { OutputFormat = new ImageOutputFormat("png"), OutputCompression = 50 });
        Generate("output_compression 50 alone", o => o with { OutputCompression = 50 });

        foreach (string fidelity in new[] { "high", "low" })
        {
            Edit($"input_fidelity {fidelity}", o => o with { InputFidelity = new ImageInputFidelity(fidelity) });
        }

        Edit("plain", o => o);
        Edit("size 1536x1024", o => o with { Size = new ImageSize("1536x1024") });
        Edit("size 1280x720", o => o with { Size = new ImageSize("1280x720") });
        Edit("size 256x256", o => o with { Size = new ImageSize("256x256") });

        Stream("stream", null);
        foreach (int partial in new[] { 0, 3, 4 })
        {
            Stream($"stream with partial_images {partial}", partial);
        }

        return cases;
    }

    /// <summary>The smallest size each model takes, so that the n cases draw little.</summary>
    private static ImageSize SmallestSize(string model) => model switch
    {
        "dall-e-2" => new ImageSize("256x256"),
        _ when model.StartsWith("gpt-image-2", StringComparison.Ordinal) => new ImageSize("1024x640"),
        _ => new ImageSize("1024x1024"),
    };

    private static bool Matches(string glob, string model) =>
        glob.EndsWith('*') ? model.StartsWith(glob[..^1], StringComparison.Ordinal) : glob == model;

    private static async Task<bool> SdkSendsAsync(Func<ImagesClient, Task> call)
    {
        using var handler = new SendRecorder();
        using var http = new HttpClient(handler);
        var client = new ImagesClient(http, new ImagesClientOptions { ApiKey = "sk-test", BaseAddress = new Uri("http://localhost/v1/"), Retry = { MaxRetries = 0 } });
        try
        {
            await call(client);
        }
        catch (ImageValidationException)
        {
            Assert.False(handler.Sent, "The SDK sent a request and then refused it.");
            return false;
        }
        catch (ImagesException)
        {
            // The recorder's empty answer; the request was sent, which is all that is asked here.
        }

        return handler.Sent;
    }

    private static async Task<(bool Accepts, string Answer)> EmulatorAcceptsAsync(Func<ImagesClient, Task> call)
    {
        var emulator = new ImagesEmulator();
        using var http = new HttpClient(emulator.CreateHandler()) { Timeout = TimeSpan.FromSeconds(60) };
        var client = new ImagesClient(http, new ImagesClientOptions { ApiKey = "sk-test", BaseAddress = new Uri("http://localhost/v1/"), ValidateRequests = false, Retry = { MaxRetries = 0 } });
        try
        {
            await call(client);
            return (true, "200");
        }
        catch (ImagesApiException error) when (error.Status == 400)
        {
            return (false, $"400 {error.ErrorCode} on {error.Param}");
        }
    }

    /// <summary>Notes that a request was sent and answers it with an empty success.</summary>
    private sealed class SendRecorder : HttpMessageHandler
    {
        public bool Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent = true;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"created":0,"data":[]}""", Encoding.UTF8, "application/json") });
        }
    }
}
