// The README's quick start, compiled as what it is: a program's top-level statements. ReadmeSnippetTests runs it.
// begin-snippet: quick-start
using OpenAIImages;

var client = new ImagesClient(ImagesClientOptions.FromEnvironment()); // OPENAI_API_KEY, OPENAI_BASE_URL, ...

ImageResult result = await client.GenerateAsync(new ImageGenerationOptions("a lighthouse at dusk, watercolor")
{
    Model = ImageModel.GptImage2,
    Size = new ImageSize(1536, 1024),
    Quality = ImageQuality.High,
});
await result.Images[0].SaveAsync("lighthouse" + result.Images[0].FileExtension);
// end-snippet
