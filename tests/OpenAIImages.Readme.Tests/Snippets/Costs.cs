// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;

namespace ReadmeUser.CostsBlock;

internal static class Snippet
{
    public static async Task Costs(ImagesClient client)
    {
        // begin-snippet: costs
        var request = new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2, Quality = ImageQuality.Low };
        ImageCostEstimate estimate = client.EstimateCost(request);   // at most 0.00638 USD (gpt-image-2)
        if (estimate.Amount <= 0.05m)
        {
            ImageResult priced = await client.GenerateAsync(request);
            Console.WriteLine(priced.Cost);                          // for example 0.00554 USD (usage)
        }
        // end-snippet
    }
}
