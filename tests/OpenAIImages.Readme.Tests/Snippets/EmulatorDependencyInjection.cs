// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages;
using OpenAIImages.Testing;

namespace ReadmeUser.EmulatorDependencyInjectionBlock;

internal static class Snippet
{
    /// <summary>Registers the client on the emulator and the fake clock, as the README shows; returns both for the test to drive.</summary>
    public static (ImagesEmulator Emulator, FakeTimeProvider Time) EmulatorDependencyInjection(IServiceCollection services)
    {
        // begin-snippet: emulator-dependency-injection
        var time = new FakeTimeProvider();
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { TimeProvider = time });
        emulator.FailNext(1, EmulatedFault.RateLimited(TimeSpan.FromSeconds(30)));
        services.AddImagesClient(o =>
        {
            o.ApiKey = "test";
            o.BaseAddress = new Uri("http://localhost/v1/");
            o.TimeProvider = time; // the retry's 30 s wait passes when the test advances the clock
        }).UseImagesEmulator(emulator);
        // end-snippet
        return (emulator, time);
    }
}
