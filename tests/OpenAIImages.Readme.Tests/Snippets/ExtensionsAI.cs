using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
namespace OpenAIImages.Readme.Tests.Snippets;

// Inside the namespace, so that it wins over OpenAIImages.ImageGenerationOptions of the enclosing namespace, as the README's block means.
using ImageGenerationOptions = Microsoft.Extensions.AI.ImageGenerationOptions;

internal static partial class Snippet
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
