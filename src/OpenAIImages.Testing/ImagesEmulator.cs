using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Engine;
using OpenAIImages.Testing.Transport;

namespace OpenAIImages.Testing;

/// <summary>
/// An offline emulator of the OpenAI Images API (<c>/v1/images/generations</c>, <c>/edits</c>, <c>/variations</c>) for tests:
/// it validates requests per model as the service does, answers with real images drawn from the prompt (edits and
/// variations from their input images and mask), streams events, takes the time a <see cref="EmulatedLatency"/> profile
/// says, limits images per key, records what it received and plays scripted faults. With <see cref="ImagesEmulatorOptions.Azure"/> on it serves Azure
/// OpenAI's API instead: deployments, <c>api-version</c>, the <c>api-key</c> header and content filter results.
/// </summary>
/// <remarks>
/// Serve it in-process with <see cref="CreateHandler"/> or over loopback HTTP with <see cref="StartServerAsync(int, CancellationToken)"/>;
/// both run the same request handling and share this instance's recorded requests, fault queue and image store.
/// Instances are thread-safe. Nothing contacts the network beyond 127.0.0.1.
/// </remarks>
public sealed class ImagesEmulator
{
    private readonly EmulatorEngine _engine;

    /// <summary>Creates an emulator with the default <see cref="ImagesEmulatorOptions"/>.</summary>
    public ImagesEmulator()
        : this(new ImagesEmulatorOptions())
    {
    }

    /// <summary>Creates an emulator with the given settings.</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public ImagesEmulator(ImagesEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = new EmulatorEngine(options);
    }

    /// <summary>Gets a snapshot of the API requests received so far, oldest first (image downloads are not included): the newest <see cref="ImagesEmulatorOptions.MaxRecordedRequests"/> of them.</summary>
    public IReadOnlyList<EmulatedRequest> Requests => _engine.Requests;

    /// <summary>Creates an in-process handler that serves the API for any host: <c>new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://localhost/v1/") }</c>.</summary>
    /// <returns>A new handler over this emulator; dispose it (or the <see cref="HttpClient"/> that owns it) when done.</returns>
    public HttpMessageHandler CreateHandler() => new EmulatorHttpMessageHandler(_engine);

    /// <summary>Hosts the emulator on Kestrel bound to 127.0.0.1, for code that needs a real URL (other processes, other HTTP stacks).</summary>
    /// <param name="port">The TCP port; 0 picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop listening.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is not between 0 and 65535.</exception>
    /// <exception cref="System.IO.IOException">The port is in use.</exception>
    public async Task<EmulatorServer> StartServerAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        (Microsoft.AspNetCore.Builder.WebApplication app, Uri baseAddress) = await KestrelHost.StartAsync(_engine, port, cancellationToken).ConfigureAwait(false);
        return new EmulatorServer(app, baseAddress);
    }

    /// <summary>Makes the next <paramref name="count"/> API requests misbehave as <paramref name="fault"/> says, instead of the normal answer (or, for <see cref="EmulatedFault.Delay(TimeSpan)"/>, <see cref="EmulatedFault.SlowBody(TimeSpan)"/> and <see cref="EmulatedFault.ResetMidBody"/>, before or within it).</summary>
    /// <remarks>Faults queue up in FIFO order across calls, one per API request on either transport; image downloads consume none.</remarks>
    /// <param name="count">How many requests the fault applies to; zero queues nothing.</param>
    /// <param name="fault">The fault to play.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="fault"/> is <see langword="null"/>.</exception>
    public void FailNext(int count, EmulatedFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(fault);
        _engine.Enqueue(count, fault);
    }

    /// <summary>Makes the batch request (input file line) with this <c>custom_id</c>, in any batch, be answered with <paramref name="fault"/>'s status and error body in the batch's output file.</summary>
    /// <remarks>Use a status fault (<see cref="EmulatedFault.Status(int, string?, string?)"/>, <see cref="EmulatedFault.ContentPolicy"/>, <see cref="EmulatedFault.ServerError"/>); it stays until replaced.</remarks>
    /// <param name="customId">The line's <c>custom_id</c>.</param>
    /// <param name="fault">The answer the line gets.</param>
    /// <exception cref="ArgumentException"><paramref name="customId"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="fault"/> is <see langword="null"/>.</exception>
    public void FailBatchRequest(string customId, EmulatedFault fault)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        ArgumentNullException.ThrowIfNull(fault);
        _engine.Batches.FailRequest(customId, fault);
    }

    /// <summary>Makes a batch expire when it would complete: its first <paramref name="completedRequests"/> lines are answered, the others come back in its error file with code <c>batch_expired</c>.</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="completedRequests">How many lines run before it expires; zero or more.</param>
    /// <exception cref="ArgumentException"><paramref name="batchId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="completedRequests"/> is negative.</exception>
    public void ExpireBatch(string batchId, int completedRequests = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentOutOfRangeException.ThrowIfNegative(completedRequests);
        _engine.Batches.Expire(batchId, completedRequests);
    }
}
