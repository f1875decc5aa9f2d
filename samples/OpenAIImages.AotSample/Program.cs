using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAIImages;
using OpenAIImages.Testing;

namespace OpenAIImages.AotSample;

/// <summary>
/// Generates an image, edits it and saves both on the in-process emulator, as a native AOT binary. Prints one line per
/// step; exits 0 when every step worked, 1 otherwise.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string directory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "openaiimages-aot");
        try
        {
            var emulator = new ImagesEmulator();
            using var http = new HttpClient(emulator.CreateHandler());
            var client = new ImagesClient(http, new ImagesClientOptions { ApiKey = "sk-aot-sample", BaseAddress = new Uri("http://localhost/v1/") });

            ImageResult generated = await client.GenerateAsync(new ImageGenerationOptions("a lighthouse at dusk") { Model = ImageModel.GptImage2, Size = new ImageSize(1024, 1024) }).ConfigureAwait(false);
            GeneratedImage image = generated.Images[0];
            Console.WriteLine($"generated: {image.Bytes.Length} bytes, {image.FileExtension}, request {generated.RequestId}");

            ImageResult edited = await client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(image.Bytes, "lighthouse.png"), "add a full moon") { Model = ImageModel.GptImage2 }).ConfigureAwait(false);
            Console.WriteLine($"edited: {edited.Images[0].Bytes.Length} bytes, {edited.Images[0].FileExtension}");

            Directory.CreateDirectory(directory);
            string path = Path.Combine(directory, "edited" + edited.Images[0].FileExtension);
            await edited.Images[0].SaveAsync(path).ConfigureAwait(false);
            Console.WriteLine($"saved: {path} ({new FileInfo(path).Length} bytes)");

            ImageResult files = await client.GenerateToFilesAsync(new ImageGenerationOptions("two moons") { Model = ImageModel.GptImage2, N = 2 }, directory).ConfigureAwait(false);
            foreach (GeneratedImage file in files.Images)
            {
                Console.WriteLine($"written: {file.FilePath} ({new FileInfo(file.FilePath!).Length} bytes)");
            }

            Console.WriteLine($"requests: {emulator.Requests.Count}");
            return 0;
        }
        catch (ImagesException e)
        {
            Console.Error.WriteLine($"failed: {e.GetType().Name}: {e.Message}");
            return 1;
        }
        catch (ImageValidationException e)
        {
            Console.Error.WriteLine($"failed: {e.Message}");
            return 1;
        }
    }
}
