using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenAIImages.Testing.Engine;

namespace OpenAIImages.Testing.Transport;

/// <summary>The loopback transport: Kestrel on 127.0.0.1 in front of the same engine; no reflection-based features.</summary>
internal static class KestrelHost
{
    /// <summary>Edits may carry 16 images of up to 50 MB each.</summary>
    private const long MaxRequestBodyBytes = 1L << 30;

    /// <summary>Starts listening; the base address is the API's (<c>/v1/</c>) or, in Azure mode, the resource endpoint's (<c>/</c>).</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(EmulatorEngine engine, int port, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "OpenAIImages.Testing" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, port);
        });

        WebApplication app = builder.Build();
        app.Run(context => HandleAsync(engine, context));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        return (app, new Uri($"http://127.0.0.1:{bound.Port}/{(engine.Azure ? string.Empty : "v1/")}"));
    }

    private static async Task HandleAsync(EmulatorEngine engine, HttpContext context)
    {
        HttpRequest request = context.Request;
        CancellationToken aborted = context.RequestAborted;

        var headers = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in request.Headers)
        {
            headers.Add(new(header.Key, header.Value.ToString()));
        }

        var engineRequest = new EngineRequest(
            request.Method,
            (request.PathBase + request.Path).Value ?? "/",
            request.QueryString.Value ?? string.Empty,
            $"{request.Scheme}://{request.Host.Value}",
            headers,
            request.Body);

        EngineResponse answer;
        try
        {
            answer = await engine.HandleAsync(engineRequest, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }

        if (answer.DropConnection)
        {
            context.Abort();
            return;
        }

        HttpResponse response = context.Response;
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Length;
        foreach ((string name, string value) in answer.Headers)
        {
            response.Headers.Append(name, value);
        }

        if (HttpMethods.IsHead(request.Method))
        {
            if (answer.BodyStream is { } unused)
            {
                await unused.DisposeAsync().ConfigureAwait(false);
            }

            return;
        }

        if (answer.BodyStream is { } stored)
        {
            await using (stored.ConfigureAwait(false))
            {
                await stored.CopyToAsync(response.Body, aborted).ConfigureAwait(false);
            }

            return;
        }

        if (answer.Chunks is null)
        {
            await response.Body.WriteAsync(answer.Body, aborted).ConfigureAwait(false);
            return;
        }

        try
        {
            await response.StartAsync(aborted).ConfigureAwait(false);
            foreach (BodyChunk chunk in answer.Chunks)
            {
                if (chunk.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(chunk.Delay, answer.Clock, aborted).ConfigureAwait(false);
                }

                await response.Body.WriteAsync(chunk.Data, aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }

        if (answer.ResetAfterChunks)
        {
            context.Abort();
        }
    }

    /// <summary>Keeps the host from hooking Ctrl+C/SIGTERM: the owner of the <see cref="EmulatorServer"/> decides when it stops.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
