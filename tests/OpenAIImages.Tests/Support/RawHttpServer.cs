using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Tests.Support;

/// <summary>What the raw server received: the request line's method and path.</summary>
internal sealed record RawRequest(string Method, string Path);

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 at a free port, over a bare <see cref="TcpListener"/>, for what a mocked handler
/// cannot do: reset a connection mid-body, cut a chunked body short, send a corrupt gzip body, or accept a request and
/// never answer it. Each request is answered by the test's function, then the connection is closed.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<RawRequest, RawExchange, Task> _respond;
    private readonly ConcurrentQueue<RawRequest> _received = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    public RawHttpServer(Func<RawRequest, RawExchange, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Gets the server's root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Root => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Gets a base address for an <see cref="ImagesClient"/>.</summary>
    public Uri BaseAddress => new(Root, "v1/");

    public IReadOnlyCollection<RawRequest> Received => _received;

    /// <summary>Completes when a request has arrived whose method is <c>GET</c> (an image download).</summary>
    public TaskCompletionSource DownloadArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop.
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_connections)
            {
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                await using var stream = new NetworkStream(socket, ownsSocket: false);
                RawRequest? request = await ReadRequestAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                _received.Enqueue(request);
                if (request.Method == "GET")
                {
                    DownloadArrived.TrySetResult();
                }

                await _respond(request, new RawExchange(socket, stream, Root, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    // Reads the request line and headers, then the body (Content-Length or chunked), so the client is never cut off mid-send.
    private static async Task<RawRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        long length = 0;
        bool chunked = false;
        foreach (string line in lines[1..])
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        if (chunked)
        {
            await SkipChunkedAsync(stream, cancellationToken);
        }
        else
        {
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, cancellationToken);
        }

        return new RawRequest(requestLine[0], requestLine[1]);
    }

    private static async Task SkipChunkedAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            string size = await ReadLineAsync(stream, cancellationToken);
            int length = int.Parse(size.Split(';')[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            var chunk = new byte[length + 2];
            await stream.ReadExactlyAsync(chunk, cancellationToken);
            if (length == 0)
            {
                return;
            }
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        throw new IOException("The client closed the connection mid-request.");
    }
}

/// <summary>One request's answer: raw bytes, then a clean close, a reset, or nothing at all.</summary>
internal sealed class RawExchange(Socket socket, NetworkStream stream, Uri root, CancellationToken stopping)
{
    /// <summary>Gets the server's root, for URLs that point back at it.</summary>
    public Uri Root => root;

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task WriteAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes, stopping);
        await stream.FlushAsync(stopping);
    }

    /// <summary>Sends a complete response with a Content-Length body.</summary>
    public Task RespondAsync(string contentType, byte[] body, string extraHeaders = "") =>
        WriteAsync([.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nx-request-id: req_raw\r\n{extraHeaders}Connection: close\r\n\r\n"), .. body]);

    /// <summary>Ends the connection with a TCP reset (RST) instead of a clean close.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    /// <summary>Keeps the connection open and silent until the server stops.</summary>
    public Task HangAsync() => Task.Delay(Timeout.Infinite, stopping);
}
