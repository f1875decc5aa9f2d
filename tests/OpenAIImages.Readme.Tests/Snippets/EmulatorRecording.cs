// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;
using OpenAIImages.Testing;

namespace ReadmeUser.EmulatorRecordingBlock;

internal static class Snippet
{
    /// <summary>The record-and-replay client of the README, its recordings in <paramref name="recordings"/>.</summary>
    public static ImagesClient EmulatorRecording(string recordings, string apiKey)
    {
        // begin-snippet: emulator-recording
        var recording = RecordingOptions.FromEnvironment(recordings); // OPENAI_IMAGES_RECORDING_MODE: replay (default), record, record-if-missing
        recording.IgnoredFields.Add("user");  // fields that change each run
        recording.ShrinkImages = true;        // store each image as a small one of the same format and size
        var handler = new RecordingHandler(recording, new SocketsHttpHandler());
        var client = new ImagesClient(new HttpClient(handler), new ImagesClientOptions { ApiKey = apiKey });
        // replaying a request that was never recorded throws RecordingNotFoundException
        // end-snippet
        return client;
    }
}
