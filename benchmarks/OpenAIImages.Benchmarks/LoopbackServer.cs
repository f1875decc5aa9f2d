using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The smallest real HTTP server: Kestrel on a loopback port, running one request delegate and doing next to nothing else
/// per call, so the clients' own costs are what differ. No limit on the request body's size (a growth case's edit uploads
/// hundreds of MB) or on connections. The growth benchmark runs it in the parent process, so that a child's peak working
/// set is its client's alone.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the server's <c>/v1/</c> address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a server that reads each request body to its end and answers every request with <paramref name="body"/>.</summary>
    public static Task<LoopbackServer> StartCannedAsync(byte[] body, string contentType = "application/json") =>
        StartAsync(async context =>
        {
            // Read what was sent, as a server must before it answers.
            await DrainAsync(context.Request).ConfigureAwait(false);
            await AnswerAsync(context, body, contentType).ConfigureAwait(false);
        });

    /// <summary>Starts a server that answers every request with <paramref name="handle"/>.</summary>
    public static async Task<LoopbackServer> StartAsync(RequestDelegate handle)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.Run(handle);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/v1/"));
    }

    /// <summary>Reads the request body to its end through a small pooled buffer; the bytes read.</summary>
    public static async Task<long> DrainAsync(HttpRequest request)
    {
        byte[] scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(scratch).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        return total;
    }

    /// <summary>Answers <paramref name="body"/> with a length and a request id, as OpenAI's answers come.</summary>
    public static Task AnswerAsync(HttpContext context, ReadOnlyMemory<byte> body, string contentType = "application/json")
    {
        context.Response.ContentType = contentType;
        context.Response.Headers["x-request-id"] = Payloads.RequestId;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
