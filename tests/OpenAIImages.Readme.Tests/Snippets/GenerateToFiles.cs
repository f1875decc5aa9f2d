using System;
using System.Threading.Tasks;

namespace OpenAIImages.Readme.Tests.Snippets;

internal static partial class Snippet
{
    public static async Task<ImageResult> GenerateToFiles(ImagesClient client)
    {
        // begin-snippet: generate-to-files
        ImageResult saved = await client.GenerateToFilesAsync(new ImageGenerationOptions("four moons") { N = 4 }, "out");
        Console.WriteLine(saved.Images[0].FilePath);
        // end-snippet
        return saved;
    }
}
