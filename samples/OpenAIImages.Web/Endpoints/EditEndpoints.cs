using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;
using OpenAIImages.Web.Safety;

namespace OpenAIImages.Web.Endpoints;

/// <summary>
/// <c>POST /api/edits</c>: the edit form (multipart: <c>prompt</c>, <c>model</c>, <c>size</c>, the file <c>image</c> and an
/// optional <c>mask</c>). The answer is a stream of server-sent events (the call's <c>progress</c>: the upload, the wait
/// for the service; then a <c>completed</c> event per image, or an <c>error</c>) or, when the edit is refused before it
/// is sent, a JSON error with its HTTP status.
/// </summary>
internal static class EditEndpoints
{
    public static void Map(RouteGroupBuilder api, SampleLimits limits, string uploadFolder) => api
        .MapPost("/edits", (HttpRequest request, ImagesClient client, ImageGallery gallery, TimeProvider time, ILogger<ProgressRelay> logger, CancellationToken cancellationToken) =>
            EditAsync(request, client, gallery, limits, uploadFolder, time, logger, cancellationToken))
        .WithMetadata(ImageRequestLimits.SpendsTheKey, new BodySizeLimit(limits.MaxEditBodyBytes));

    // The form is read by hand, as it streams, so the endpoint takes exactly the multipart the page sends and never
    // holds an upload in memory.
    private static async Task<IResult> EditAsync(HttpRequest request, ImagesClient client, ImageGallery gallery, SampleLimits limits, string uploadFolder, TimeProvider time, ILogger<ProgressRelay> logger, CancellationToken cancellationToken)
    {
        (EditUpload? upload, PageError? refused) = await EditUpload.ReadAsync(request, uploadFolder, limits, time, cancellationToken);
        if (upload is null)
        {
            return Results.Json(refused, WebJsonContext.Default.PageError, statusCode: refused!.Status);
        }

        // The call owns the upload from here: its files are deleted when it ends, before the stream's last event.
        return await ProgressRelay.RunAsync(
            async (progress, token) =>
            {
                await using (upload)
                {
                    return await SendAsync(upload, client, gallery, progress, token);
                }
            },
            logger,
            cancellationToken);
    }

    private static async Task<IReadOnlyList<GalleryItem>> SendAsync(EditUpload upload, ImagesClient client, ImageGallery gallery, IProgress<ImageCallProgress> progress, CancellationToken cancellationToken)
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
            Progress = progress,
        };

        ImageResult result = await client.EditAsync(options, cancellationToken);
        return [.. result.Images.Select(image => gallery.Add(id => new GalleryItem(
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
            image.Bytes)))];
    }
}
