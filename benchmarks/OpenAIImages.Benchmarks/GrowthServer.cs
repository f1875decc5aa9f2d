using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// A loopback Kestrel app of the growth benchmark's own, in the parent process, so that a child's peak working set is its
/// client's alone. No limit on the request body's size (an edit uploads hundreds of MB) or on connections.
/// </summary>
public sealed class GrowthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrowthServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the server's <c>/v1/</c> address.</summary>
    public Uri BaseAddress { get; }

    public static async Task<GrowthServer> StartAsync(RequestDelegate handle)
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
        string address = app.Services.GetRequiredServiceOf<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GrowthServer(app, new Uri(address.TrimEnd('/') + "/v1/"));
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

    /// <summary>Answers <paramref name="body"/> with a length, as the canned servers of the other cases do.</summary>
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
