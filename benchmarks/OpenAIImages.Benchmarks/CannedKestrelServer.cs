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
/// The smallest real HTTP server: Kestrel on a loopback port, reading each request body to its end and answering every
/// request with the same canned body. It does next to nothing per call, so the clients' own costs are what differ.
/// </summary>
public sealed class CannedKestrelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CannedKestrelServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the server's <c>/v1/</c> address.</summary>
    public Uri BaseAddress { get; }

    public static async Task<CannedKestrelServer> StartAsync(byte[] body, string contentType = "application/json")
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.Run(async context =>
        {
            // Read what was sent, as a server must before it answers.
            byte[] scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
            while (await context.Request.Body.ReadAsync(scratch).ConfigureAwait(false) > 0)
            {
            }

            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
            context.Response.ContentType = contentType;
            context.Response.Headers["x-request-id"] = Payloads.RequestId;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredServiceOf<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CannedKestrelServer(app, new Uri(address.TrimEnd('/') + "/v1/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

internal static class ServiceProviderExtensions
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services)
        where T : notnull =>
        (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name + " is not registered."));
}
