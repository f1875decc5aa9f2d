// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;

namespace ReadmeUser.GenerateToFilesBlock;

internal static class Snippet
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
