using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Batches;

namespace OpenAIImages.Testing.Tests.Batches;

/// <summary>An emulator whose batches finish on their second poll, and batch clients for it that poll without waiting.</summary>
internal sealed class BatchHarness : IDisposable
{
    private readonly List<HttpClient> _clients = [];

    public BatchHarness(int pollsToComplete = 2)
    {
        Emulator = new ImagesEmulator(new ImagesEmulatorOptions { BatchPollsToComplete = pollsToComplete, BatchCompletionDelay = TimeSpan.FromDays(1) });
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "batch-tests-" + Guid.NewGuid().ToString("N"));
    }

    public ImagesEmulator Emulator { get; }

    /// <summary>Gets a fresh folder for the images, deleted on dispose.</summary>
    public string Folder { get; }

    /// <summary>Gets what the upload handler saw of each request's content: its declared length (null: unknown, streamed) and, for multipart, each part's.</summary>
    public List<(string Path, long? Length, List<(string Type, long? Length)> Parts)> Sent { get; } = [];

    /// <summary>A new client, as a new process would make one: its own HttpClient over the same emulator.</summary>
    public ImagesBatchClient NewClient(Action<ImagesClientOptions>? configure = null)
    {
        var http = new HttpClient(new InspectingHandler(this, Emulator.CreateHandler())) { Timeout = TimeSpan.FromSeconds(60) };
        _clients.Add(http);
        var options = new ImagesClientOptions { ApiKey = "sk-test", BaseAddress = new Uri("http://localhost/v1/") };
        configure?.Invoke(options);
        return new ImagesBatchClient(http, options, new ImagesBatchOptions { PollInterval = TimeSpan.Zero, MaxPollInterval = TimeSpan.Zero });
    }

    public void Dispose()
    {
        foreach (HttpClient client in _clients)
        {
            client.Dispose();
        }

        if (System.IO.Directory.Exists(Folder))
        {
            System.IO.Directory.Delete(Folder, recursive: true);
        }
    }

    public static ImagesBatchRequest Generation(string id, string prompt) => ImagesBatchRequest.ForGeneration(id, new ImageGenerationOptions(prompt)
    {
        Model = ImageModel.DallE2,
        Size = ImageSize.Square256,
        ResponseFormat = ImageResponseFormat.Base64Json,
    });

    public static async Task<List<ImagesBatchLineResult>> ToListAsync(IAsyncEnumerable<ImagesBatchLineResult> lines)
    {
        var all = new List<ImagesBatchLineResult>();
        await foreach (ImagesBatchLineResult line in lines)
        {
            all.Add(line);
        }

        return all;
    }

    /// <summary>Records each request's content lengths as the SDK built it, before the emulator reads it.</summary>
    private sealed class InspectingHandler(BatchHarness owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var parts = new List<(string, long?)>();
            if (request.Content is MultipartContent multipart)
            {
                foreach (HttpContent part in multipart)
                {
                    parts.Add((part.GetType().Name, part.Headers.ContentLength));
                }
            }

            lock (owner.Sent)
            {
                owner.Sent.Add((request.RequestUri!.AbsolutePath, request.Content?.Headers.ContentLength, parts));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
