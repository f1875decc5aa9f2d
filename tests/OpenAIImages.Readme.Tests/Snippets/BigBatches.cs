// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;
using OpenAIImages.Batches;

namespace ReadmeUser.BigBatchesBlock;

internal static class Snippet
{
    public static async Task BigBatches(HttpClient httpClient, ImagesClientOptions options, IReadOnlyList<string> prompts)
    {
        // begin-snippet: big-batches
        var batches = new ImagesBatchClient(httpClient, options);   // the same ImagesClientOptions; auth, retries, typed errors
        ImagesBatch batch = await batches.SubmitAsync(prompts.Select((p, i) =>
            ImagesBatchRequest.ForGeneration($"poster-{i}", new ImageGenerationOptions(p) { Model = ImageModel.GptImage2 })));
        File.WriteAllText("batch-id.txt", batch.Id);                // all a restarted process needs
        await foreach (ImagesBatchLineResult line in batches.ResumeAsync(batch.Id, "out", new Progress<ImagesBatch>(Console.WriteLine)))
        {
            Console.WriteLine(line.Succeeded ? line.Result!.Images[0].FilePath : line.Error!.Message);
        }
        // end-snippet
    }
}
