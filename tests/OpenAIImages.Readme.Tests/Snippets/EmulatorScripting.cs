using System;
using System.Drawing;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Readme.Tests.Snippets;

internal static partial class Snippet
{
    /// <summary>The masked edit of the README, against the emulator behind <paramref name="client"/>.</summary>
    public static async Task<(byte[] Photo, ImageResult Edited)> EmulatorMaskedEdit(ImagesClient client)
    {
        // begin-snippet: emulator-masked-edit
        byte[] photo = EmulatorImages.CreatePng(256, 256);
        byte[] mask = EmulatorImages.CreateMask(256, 256, new Rectangle(64, 64, 128, 128)); // transparent: repaint here
        ImageResult edited = await client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(photo, "photo.png"), "add a window")
        {
            Model = ImageModel.DallE2,
            Mask = ImageInput.FromBytes(mask, "mask.png"),
            ResponseFormat = ImageResponseFormat.Base64Json,
        });
        // edited.Images[0] has the photo's pixels where the mask is opaque and new ones inside the rectangle
        // end-snippet
        return (photo, edited);
    }

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
