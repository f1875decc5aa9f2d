using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAIImages.Web.Endpoints;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;

namespace OpenAIImages.Web;

/// <summary>Builds the web sample: the page under wwwroot, the JSON and event-stream endpoints under <c>/api</c>, and the gallery's images.</summary>
internal static class WebSampleApp
{
    /// <summary>The header every <c>/api</c> call from the page carries: another site's form cannot set it, so it cannot spend this app's key.</summary>
    public const string PageHeader = "X-Images-Sample";

    /// <summary>Builds the app; <paramref name="configure"/> adds to the builder first (tests add configuration and their own emulator).</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The page is copied beside the app, so it is found whatever the working directory.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);

        ImagesBackend backend = ImagesBackend.Register(builder);
        int capacity = int.TryParse(builder.Configuration["Sample:GalleryCapacity"], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : 48;
        builder.Services.AddSingleton(new ImageGallery(capacity));

        WebApplication app = builder.Build();
        if (backend.Offline)
        {
            app.Logger.LogInformation("No OPENAI_API_KEY set: using the built-in offline emulator (no network).");
        }
        else
        {
            app.Logger.LogInformation("Sending requests to {Server}.", backend.Server);
        }

        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();

        RouteGroupBuilder api = app.MapGroup("/api").AddEndpointFilter((context, next) =>
            context.HttpContext.Request.Headers.ContainsKey(PageHeader) || HttpMethods.IsGet(context.HttpContext.Request.Method)
                ? next(context)
                : ValueTask.FromResult<object?>(Results.Json(new PageError(403, "failed", $"Calls from other pages are refused: send the {PageHeader} header."), WebJsonContext.Default.PageError, statusCode: 403)));
        GenerationEndpoints.Map(api);
        EditEndpoints.Map(api);
        GalleryEndpoints.Map(app, api);
        return app;
    }
}
