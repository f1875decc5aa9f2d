using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;

namespace OpenAIImages.Web.Endpoints;

/// <summary><c>POST /api/edits</c>: the edit form (multipart: <c>prompt</c>, <c>model</c>, <c>size</c>, the file <c>image</c> and an optional <c>mask</c>); answers the new gallery entries or a JSON error.</summary>
internal static class EditEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapPost("/edits", EditAsync);

    // The form is read by hand (not bound to IFormFile parameters) so the endpoint takes exactly the multipart the page sends.
    private static async Task<IResult> EditAsync(HttpRequest request, ImagesClient client, ImageGallery gallery, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Results.Json(new PageError(415, "failed", "Send the edit form as multipart/form-data."), WebJsonContext.Default.PageError, statusCode: 415);
        }

        IFormCollection form = await request.ReadFormAsync(cancellationToken);
        string prompt = form["prompt"].ToString();
        string model = GenerationForm.Text(form["model"].ToString()) ?? GenerationForm.DefaultModel;
        string? size = GenerationForm.Text(form["size"].ToString());

        List<ImageInput> images = [];
        foreach (IFormFile file in form.Files.GetFiles("image").Where(f => f.Length > 0))
        {
            images.Add(ImageInput.FromBytes(await ReadAsync(file, cancellationToken), Path.GetFileName(file.FileName)));
        }

        ImageInput? mask = form.Files.GetFile("mask") is { Length: > 0 } maskFile
            ? ImageInput.FromBytes(await ReadAsync(maskFile, cancellationToken), Path.GetFileName(maskFile.FileName))
            : null;

        var options = new ImageEditOptions(images, prompt)
        {
            Model = new ImageModel(model),
            Size = size is null ? (ImageSize?)null : new ImageSize(size),
            Mask = mask,
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

    private static async Task<ReadOnlyMemory<byte>> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
