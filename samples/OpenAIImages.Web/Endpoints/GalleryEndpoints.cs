using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;
using OpenAIImages.Web.Safety;

namespace OpenAIImages.Web.Endpoints;

/// <summary>The gallery (<c>GET /api/gallery</c>), each image's file (<c>GET /images/{id}</c>) and where requests go (<c>GET /api/status</c>).</summary>
internal static class GalleryEndpoints
{
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapGet("/gallery", (ImageGallery gallery) =>
        {
            IReadOnlyList<GalleryEntry> entries = [.. gallery.Newest().Select(GalleryEntry.From)];
            return Results.Json(entries, WebJsonContext.Default.IReadOnlyListGalleryEntry);
        });

        api.MapGet("/status", (ImagesBackend backend) =>
            Results.Json(new BackendStatus(backend.Offline, backend.Server, backend.Notice, SampleLimits.MaxFileBytes), WebJsonContext.Default.BackendStatus));

        app.MapGet("/images/{id}", (string id, HttpResponse response, ImageGallery gallery) =>
        {
            if (gallery.Find(id) is not { } item)
            {
                return Results.NotFound();
            }

            response.Headers.ContentSecurityPolicy = SecurityHeaders.ImagePolicy;
            return Results.Bytes(item.Bytes, item.ContentType);
        });
    }
}
