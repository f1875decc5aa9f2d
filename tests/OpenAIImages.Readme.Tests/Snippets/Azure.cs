// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;

namespace ReadmeUser.AzureBlock;

internal static class Snippet
{
    public static async Task<ImageResult> Azure()
    {
        // begin-snippet: azure
        var azureClient = new ImagesClient(new ImagesClientOptions
        {
            ApiKey = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY"),
            Azure = new ImagesAzureOptions
            {
                Endpoint = new Uri(Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT")!), // https://my-resource.openai.azure.com/
                Deployment = "images-prod",
                Model = ImageModel.GptImage2,
            },
        });
        ImageResult azureResult = await azureClient.GenerateAsync(new ImageGenerationOptions("a lighthouse at dusk"));
        foreach (GeneratedImage image in azureResult.Images)
        {
            // Azure's verdict per category, such as violence: Filtered false, Severity "safe"; null from OpenAI.
            if (image.ContentFilterResults?.TryGetValue("violence", out ImageContentFilterResult? violence) == true)
            {
                Console.WriteLine($"violence: {violence.Severity}");
            }
        }
        // end-snippet
        return azureResult;
    }
}
