using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAIImages.Web.Endpoints;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;
using OpenAIImages.Web.Safety;

namespace OpenAIImages.Web;

/// <summary>Builds the web sample: the page under wwwroot, the JSON and event-stream endpoints under <c>/api</c>, and the gallery's images.</summary>
internal static class WebSampleApp
{
    /// <summary>The header every <c>/api</c> call from the page carries: another site's form cannot set it, so it cannot spend this app's key.</summary>
    public const string PageHeader = "X-Images-Sample";

    /// <summary>The folder an edit's uploads are streamed to while the request runs (by default the system's temporary folder).</summary>
    public const string UploadFolderKey = "Sample:UploadFolder";

    /// <summary>Builds the app; <paramref name="configure"/> adds to the builder first (tests add configuration and their own emulator).</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The page is copied beside the app, so it is found whatever the working directory.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);

        ImagesBackend backend = ImagesBackend.Register(builder);
        int capacity = int.TryParse(builder.Configuration["Sample:GalleryCapacity"], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : 48;
        long maxBytes = long.TryParse(builder.Configuration["Sample:GalleryMaxMegabytes"], NumberStyles.None, CultureInfo.InvariantCulture, out long megabytes) && megabytes > 0
            ? megabytes * 1024 * 1024
            : 256L * 1024 * 1024;
        builder.Services.AddSingleton(new ImageGallery(capacity, maxBytes));

        // Safe for localhost by default: this machine's host names only, small bodies but for an edit's images, and a
        // cap on the image requests that spend the key.
        SampleLimits limits = SampleLimits.From(builder.Configuration);
        string uploadFolder = builder.Configuration[UploadFolderKey] is { Length: > 0 } folder ? Path.GetFullPath(folder) : Path.GetTempPath();
        Directory.CreateDirectory(uploadFolder);
        builder.Services.AddHostFiltering(options => LocalHosts.Configure(options, builder.Configuration));
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = SampleLimits.MaxJsonBodyBytes);
        builder.Services.AddImageRequestLimits(limits);
        builder.Services.TryAddSingleton(TimeProvider.System);

        WebApplication app = builder.Build();
        if (backend.Offline)
        {
            app.Logger.LogInformation("No OPENAI_API_KEY set: using the built-in offline emulator (no network).");
        }
        else
        {
            app.Logger.LogInformation("Sending requests to {Server}.", backend.Server);
        }

        if (LocalHosts.AllowsAny(app.Services.GetRequiredService<IOptions<HostFilteringOptions>>().Value))
        {
            app.Logger.LogWarning("AllowedHosts is *: a page of any site whose name resolves to this machine can make this app spend its API key.");
        }

        // The web host's defaults put host filtering first in the pipeline, with the options set above.
        app.UseSecurityHeaders();
        app.UseJsonErrors();
        app.UseJsonStatusCodes();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();

        RouteGroupBuilder api = app.MapGroup("/api").AddEndpointFilter((context, next) =>
            context.HttpContext.Request.Headers.ContainsKey(PageHeader) || HttpMethods.IsGet(context.HttpContext.Request.Method)
                ? next(context)
                : ValueTask.FromResult<object?>(Results.Json(new PageError(403, "failed", $"Calls from other pages are refused: send the {PageHeader} header."), WebJsonContext.Default.PageError, statusCode: 403)));
        GenerationEndpoints.Map(api);
        EditEndpoints.Map(api, limits, uploadFolder);
        GalleryEndpoints.Map(app, api);
        return app;
    }
}
