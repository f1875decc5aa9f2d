using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary>An emulator plus an SDK <see cref="ImagesClient"/> that reaches it over the chosen transport, with the key <c>sk-test</c>.</summary>
internal sealed class SdkHarness : IAsyncDisposable
{
    private readonly EmulatorServer? _server;
    private readonly HttpClient _http;

    private SdkHarness(ImagesEmulator emulator, HttpClient http, ImagesClient client, ImagesClientOptions options, EmulatorServer? server)
    {
        Emulator = emulator;
        _http = http;
        Client = client;
        Options = options;
        _server = server;
    }

    public ImagesEmulator Emulator { get; }

    public ImagesClient Client { get; }

    public ImagesClientOptions Options { get; }

    /// <summary>Starts an emulator and builds a client for it; <paramref name="configure"/> adjusts the client's options before the client is made.</summary>
    public static async Task<SdkHarness> StartAsync(TransportKind transport, Action<ImagesClientOptions>? configure = null, ImagesEmulatorOptions? emulatorOptions = null)
    {
        var emulator = new ImagesEmulator(emulatorOptions ?? new ImagesEmulatorOptions());
        EmulatorServer? server = null;
        HttpClient http;
        var options = new ImagesClientOptions { ApiKey = "sk-test" };
        if (transport == TransportKind.Kestrel)
        {
            server = await emulator.StartServerAsync(port: 0);
            http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            options.BaseAddress = server.BaseAddress;
        }
        else
        {
            http = new HttpClient(emulator.CreateHandler()) { Timeout = TimeSpan.FromSeconds(30) };
            options.BaseAddress = new Uri("http://localhost/v1/");
        }

        configure?.Invoke(options);
        return new SdkHarness(emulator, http, new ImagesClient(http, options), options, server);
    }

    /// <summary>Sets the options for tests that check how one answer maps to an exception: no retries.</summary>
    public static void NoRetries(ImagesClientOptions options) => options.Retry.MaxRetries = 0;

    /// <summary>Sets short, fixed backoff delays so that retry tests run in milliseconds.</summary>
    public static void FastRetries(ImagesClientOptions options)
    {
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.UseJitter = false;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Helpers for images the SDK sends and receives.</summary>
internal static class SdkImages
{
    /// <summary>An opaque RGB PNG (no alpha channel), for input images.</summary>
    public static byte[] Opaque(int width, int height) => Png.Make(width, height);

    /// <summary>An RGBA PNG, for masks: the SDK requires a mask to have an alpha channel.</summary>
    public static byte[] WithAlpha(int width, int height) =>
        Imaging.GradientPainter.Paint(width, height, (ulong)((width * 17) + height), transparent: true);

    /// <summary>Checks that the image came as bytes and is a valid PNG, and returns its size and colour type.</summary>
    public static (int Width, int Height, int ColorType) ReadBytes(GeneratedImage image)
    {
        Assert.True(image.HasBytes, $"Image {image.Index} came as a URL ({image.Url}), not bytes.");
        Assert.Equal(ImageOutputFormat.Png, image.OutputFormat);
        return Png.Read(image.Bytes.ToArray());
    }

    /// <summary>A fresh folder under the temp directory, deleted by <see cref="IDisposable.Dispose"/>.</summary>
    public static TempFolder NewTempFolder() => new();

    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "openaiimages-sdk-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
            catch (UnauthorizedAccessException)
            {
                // Likewise.
            }
        }
    }
}
