// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;
using OpenAIImages.Testing;

namespace ReadmeUser.EmulatorScriptedBlock;

internal static class Snippet
{
    /// <summary>The scripted emulator of the README, on <paramref name="clock"/>.</summary>
    public static ImagesEmulator EmulatorScripted(TimeProvider clock)
    {
        // begin-snippet: emulator-scripted
        var options = new ImagesEmulatorOptions
        {
            TimeProvider = clock,                // a FakeTimeProvider in tests: advance it and the minute passes at once
            Latency = EmulatedLatency.Realistic, // gpt-image high ~60 s, low ~15 s; partial images spread through it
            ImagesPerMinute = 5,                 // then 429 with x-ratelimit-*-images headers, as the service limits a key
        };
        foreach (EmulatedFault fault in EmulatedFault.ParseSchedule("429:retry-after=1,500,reset-mid-body"))
        {
            options.FaultSchedule.Add(fault); // the first three requests, in order
        }

        var emulator = new ImagesEmulator(options);
        // end-snippet
        return emulator;
    }
}
