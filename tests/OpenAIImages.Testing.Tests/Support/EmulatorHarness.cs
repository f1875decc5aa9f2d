using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace OpenAIImages.Testing.Tests.Support;

/// <summary>An emulator plus an <see cref="HttpClient"/> that reaches it over the chosen transport, with <c>Bearer sk-test</c>.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    private readonly EmulatorServer? _server;

    private EmulatorHarness(ImagesEmulator emulator, HttpClient client, EmulatorServer? server)
    {
        Emulator = emulator;
        Client = client;
        _server = server;
    }

    public ImagesEmulator Emulator { get; }

    public HttpClient Client { get; }

    public static async Task<EmulatorHarness> StartAsync(TransportKind transport, ImagesEmulatorOptions? options = null)
    {
        var emulator = new ImagesEmulator(options ?? new ImagesEmulatorOptions());
        EmulatorServer? server = null;
        HttpClient client;
        if (transport == TransportKind.Kestrel)
        {
            server = await emulator.StartServerAsync();
            client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        }
        else
        {
            client = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://localhost/v1/"), Timeout = TimeSpan.FromSeconds(20) };
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");
        return new EmulatorHarness(emulator, client, server);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
