using System.Threading.Tasks;

namespace OpenAIImages.Readme.Tests.Snippets;

internal static partial class Snippet
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
