using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace OpenAIImages.Redis.Tests.Support;

/// <summary>
/// A "Redis" on 127.0.0.1 at a free port that accepts connections and never answers, as a hung or unreachable server
/// looks to a client; its connection's own timeouts are long (30 s), so only the store can end a call sooner.
/// </summary>
internal sealed class SilentRedis : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private ConnectionMultiplexer? _connection;

    public static async Task<SilentRedis> StartAsync()
    {
        var silent = new SilentRedis();
        silent._listener.Start();
        _ = silent.AcceptAsync();
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 200,
            ConnectRetry = 0,
            AsyncTimeout = 30_000,
            SyncTimeout = 30_000,
            EndPoints = { { IPAddress.Loopback, ((IPEndPoint)silent._listener.LocalEndpoint).Port } },
        };
        silent._connection = await ConnectionMultiplexer.ConnectAsync(options);
        return silent;
    }

    public IConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Not started.");

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _listener.Stop();
        lock (_accepted)
        {
            foreach (Socket socket in _accepted)
            {
                socket.Dispose();
            }
        }
    }

    // Accepts (so the client's connection opens and its commands go out) and reads nothing back.
    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket socket = await _listener.AcceptSocketAsync();
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
