// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;

namespace ReadmeUser.StreamingBlock;

internal static class Snippet
{
    public static async Task Streaming(ImagesClient client)
    {
        // begin-snippet: streaming
        await foreach (ImageStreamEvent e in client.GenerateStreamingAsync(new ImageGenerationOptions("a fox") { Model = ImageModel.GptImage2, PartialImages = 2 }))
        {
            string name = e is ImagePartialEvent p ? $"partial-{p.PartialImageIndex}" : "final";
            await e.Image.SaveAsync(name + e.Image.FileExtension);   // the completed event also carries Usage
        }
        // end-snippet
    }
}
