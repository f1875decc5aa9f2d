using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;
using OpenAIImages.Web.Safety;

namespace OpenAIImages.Web.Endpoints;

/// <summary><c>POST /api/edits</c>: the edit form (multipart: <c>prompt</c>, <c>model</c>, <c>size</c>, the file <c>image</c> and an optional <c>mask</c>); answers the new gallery entries or a JSON error.</summary>
internal static class EditEndpoints
{
    public static void Map(RouteGroupBuilder api, SampleLimits limits, string uploadFolder) => api
        .MapPost("/edits", (HttpRequest request, ImagesClient client, ImageGallery gallery, TimeProvider time, CancellationToken cancellationToken) =>
            EditAsync(request, client, gallery, limits, uploadFolder, time, cancellationToken))
        .WithMetadata(ImageRequestLimits.SpendsTheKey, new BodySizeLimit(limits.MaxEditBodyBytes));

    // The form is read by hand, as it streams, so the endpoint takes exactly the multipart the page sends and never
    // holds an upload in memory.
    private static async Task<IResult> EditAsync(HttpRequest request, ImagesClient client, ImageGallery gallery, SampleLimits limits, string uploadFolder, TimeProvider time, CancellationToken cancellationToken)
    {
        (EditUpload? upload, PageError? refused) = await EditUpload.ReadAsync(request, uploadFolder, limits, time, cancellationToken);
        if (upload is null)
        {
            return Results.Json(refused, WebJsonContext.Default.PageError, statusCode: refused!.Status);
        }

        await using (upload)
        {
            return await SendAsync(upload, client, gallery, cancellationToken);
        }
    }

    private static async Task<IResult> SendAsync(EditUpload upload, ImagesClient client, ImageGallery gallery, CancellationToken cancellationToken)
    {
        string prompt = upload.Prompt;
        string model = upload.Model ?? GenerationForm.DefaultModel;
        string? size = upload.Size;
        var options = new ImageEditOptions(upload.Images, prompt)
        {
            Model = new ImageModel(model),
            Size = size is null ? (ImageSize?)null : new ImageSize(size),
            Mask = upload.Mask,
            ResponseFormat = GenerationForm.IsDallE(model) ? ImageResponseFormat.Base64Json : (ImageResponseFormat?)null,
        };

        ImageResult result;
        try
        {
            result = await client.EditAsync(options, cancellationToken);
        }
        catch (Exception ex) when (PageError.From(ex) is { } error)
        {
            return Results.Json(error, WebJsonContext.Default.PageError, statusCode: error.Status);
        }

        IReadOnlyList<GalleryEntry> entries = [.. result.Images.Select(image => GalleryEntry.From(gallery.Add(id => new GalleryItem(
            id,
            "edit",
            prompt,
            image.RevisedPrompt,
            model,
            result.Size?.Value ?? size,
            result.Quality?.Value,
            result.OutputFormat?.Value ?? image.OutputFormat?.Value,
            result.Usage,
            result.Created,
            result.RequestId,
            ImageMediaType.Of(image.Bytes.Span),
            image.Bytes))))];
        return Results.Json(entries, WebJsonContext.Default.IReadOnlyListGalleryEntry);
    }
}
