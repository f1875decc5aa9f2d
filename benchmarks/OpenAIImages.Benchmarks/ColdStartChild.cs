using System;
using System.ClientModel;
using System.Net.Http;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The child of a cold-start launch: one call with a fresh client, then one answer line. The JIT child (this program's
/// <c>--cold-start-child</c>) and the native AOT child (OpenAIImages.ColdStart.Aot, which links this file) run this same
/// code, so their figures differ only by how the code was compiled. Touches nothing else of the benchmarks.
/// </summary>
public static class ColdStartChild
{
    /// <summary>The answer line's start after a correct call: the client's name follows.</summary>
    public const string Done = "cold-start-done";

    /// <summary>The answer line's start after a call that threw: the client's name and the exception follow.</summary>
    public const string Failed = "cold-start-failed";

    /// <summary>Makes the call and prints the answer line; 0 when the client returned the canned URL, 1 otherwise.</summary>
    public static async Task<int> RunAsync(string client)
    {
        using var handler = new CannedHandler(Payloads.UrlResponse());
        string url;
        try
        {
            url = client switch
            {
                "ours" => await OursAsync(handler).ConfigureAwait(false),
                "official" => await OfficialAsync(handler).ConfigureAwait(false),
                "raw" => await RawAsync(handler).ConfigureAwait(false),
                _ => throw new ArgumentException("Unknown client " + client, nameof(client)),
            };
        }
        catch (Exception ex)
        {
            // On one line, so the parent, which reads only the first, can say how the client failed (under native AOT
            // a library that binds by reflection fails here, at run time).
            Console.WriteLine($"{Failed} {client} {ex.GetType().FullName}: {ex.Message.ReplaceLineEndings(" ")}");
            return 1;
        }

        if (!url.StartsWith("https://oaidalleapiprodscus.blob.core.windows.net/", StringComparison.Ordinal))
        {
            Console.WriteLine("wrong answer: " + url);
            return 1;
        }

        Console.WriteLine(Done + " " + client);
        return 0;
    }

    private static async Task<string> OursAsync(HttpMessageHandler handler)
    {
        // The package defaults, as a first call in a fresh app makes it.
        var options = new ImagesClientOptions { ApiKey = Clients.ApiKey, BaseAddress = Clients.BaseAddress };
        var client = new ImagesClient(new HttpClient(handler, disposeHandler: false), options);
        ImageResult result = await client.GenerateAsync(new ImageGenerationOptions(Payloads.Prompt) { Model = ImageModel.DallE3, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url }).ConfigureAwait(false);
        return result.Images[0].Url!.AbsoluteUri;
    }

    private static async Task<string> OfficialAsync(HttpMessageHandler handler)
    {
        OpenAI.Images.ImageClient client = Clients.Official("dall-e-3", handler);
        ClientResult<OpenAI.Images.GeneratedImage> result = await client.GenerateImageAsync(
            Payloads.Prompt,
            new OpenAI.Images.ImageGenerationOptions { Size = OpenAI.Images.GeneratedImageSize.W1024xH1024, ResponseFormat = OpenAI.Images.GeneratedImageFormat.Uri }).ConfigureAwait(false);
        return result.Value.ImageUri.AbsoluteUri;
    }

    private static async Task<string> RawAsync(HttpMessageHandler handler)
    {
        using HttpClient http = Clients.Raw(handler);
        Uri[] urls = await RawApi.GenerateUrlAsync(http, new RawGenerationRequest { Model = "dall-e-3", Prompt = Payloads.Prompt, Size = "1024x1024", ResponseFormat = "url" }).ConfigureAwait(false);
        return urls[0].AbsoluteUri;
    }
}
