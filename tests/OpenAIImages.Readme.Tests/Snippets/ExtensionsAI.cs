// The README block as a user's file: the console app's implicit usings, and exactly the usings the block shows.
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages;
using ImageGenerationOptions = Microsoft.Extensions.AI.ImageGenerationOptions; // OpenAIImages has one too (CS0104 without this)

namespace ReadmeUser.ExtensionsAIBlock;

internal static class Snippet
{
    public static async Task<ImageGenerationResponse> ExtensionsAI(ImagesClient client, byte[] photo, byte[] logo, IServiceCollection services, string apiKey)
    {
        // begin-snippet: extensions-ai
        IImageGenerator generator = client.AsIImageGenerator("gpt-image-2");
        ImageGenerationResponse response = await generator.EditImagesAsync(
            [new DataContent(photo, "image/png"), new DataContent(logo, "image/png")],     // every image is sent
            "Put the logo on the mug",
            new ImageGenerationOptions { Count = 2, MediaType = "image/png", AdditionalProperties = new() { ["quality"] = "high" } });

        // or with DI, composing Microsoft.Extensions.AI's middleware over the registered client:
        services.AddImagesClient(options => options.ApiKey = apiKey);
        services.AddImagesImageGenerator("gpt-image-2").UseOpenTelemetry().UseLogging();
        // end-snippet
        return response;
    }
}
