// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;

namespace ReadmeUser.ErrorsBlock;

internal static class Snippet
{
    public static async Task Errors(ImagesClient client)
    {
        // begin-snippet: errors
        try
        {
            ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2 });
        }
        catch (ImageValidationException bad)   // your request broke the model's rules; nothing was sent
        {
            foreach (ImageValidationError error in bad.Errors) Console.WriteLine($"{error.Field}: {error.Message}");
        }
        catch (ImagesException failed)         // everything the service, the network, the image host or the disk caused
        {
            Console.WriteLine(failed.Message);
        }
        // end-snippet
    }
}
