// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;
using OpenAIImages.Testing;

namespace ReadmeUser.EmulatorBlock;

internal static class Snippet
{
    /// <summary>Runs the snippet, then <paramref name="then"/> while its server still runs.</summary>
    public static async Task Emulator(Func<ImagesEmulator, ImagesClient, EmulatorServer, Task> then)
    {
        // begin-snippet: emulator
        var emulator = new ImagesEmulator();
        emulator.FailNext(1, EmulatedFault.RateLimited(TimeSpan.FromSeconds(1)));
        var options = new ImagesClientOptions { ApiKey = "test", BaseAddress = new Uri("http://localhost/v1/") }; // not api.openai.com, where DALL·E is refused
        var client = new ImagesClient(new HttpClient(emulator.CreateHandler()), options);
        // ... then inspect emulator.Requests

        await using EmulatorServer server = await emulator.StartServerAsync(); // Kestrel on 127.0.0.1, any client can call server.BaseAddress
        // end-snippet
        await then(emulator, client, server);
    }
}
