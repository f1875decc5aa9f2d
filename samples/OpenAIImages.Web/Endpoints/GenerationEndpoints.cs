using System;
using System.Collections.Generic;
using System.Net.ServerSentEvents;
using System.Linq;
using System.Text.Json;
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
/// <c>POST /api/generations</c>: the prompt form. The answer is a stream of server-sent events (<c>partial</c>, then
/// <c>completed</c>, or <c>error</c> if the stream breaks off; for DALL·E, which does not stream, <c>progress</c> events
/// instead of partial images) or, when the call fails before its first event, a JSON error with its HTTP status, so bad
/// input comes back as a plain 400 with every field at fault.
/// </summary>
internal static class GenerationEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapPost("/generations", GenerateAsync).WithMetadata(ImageRequestLimits.SpendsTheKey);

    private static async Task<IResult> GenerateAsync(HttpRequest request, ImagesClient client, ImageGallery gallery, ILogger<ProgressRelay> logger, CancellationToken cancellationToken)
    {
        // Read with the app's own source-generated contract (snake_case, as the API names the fields).
        GenerationForm? form;
        try
        {
            form = await request.ReadFromJsonAsync(WebJsonContext.Default.GenerationForm, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            form = null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Json(new PageError(413, "failed", "The prompt form is larger than this app takes (1 MB)."), WebJsonContext.Default.PageError, statusCode: 413);
        }

        if (form is null)
        {
            return Results.Json(new PageError(400, "failed", "Send the prompt form as a JSON object."), WebJsonContext.Default.PageError, statusCode: 400);
        }

        if (!form.Streams)
        {
            // DALL·E models do not stream: the call's phases as progress events, then one completed event per image.
            return await ProgressRelay.RunAsync(
                async (progress, token) =>
                {
                    ImageResult result = await client.GenerateAsync(form.ToOptions(progress), token);
                    return [.. result.Images.Select(image => Store(gallery, form, result, image))];
                },
                logger,
                cancellationToken);
        }

        // Start the stream and wait for its first event here, so that a refusal (bad input, content policy, rate
        // limit) is still an HTTP error rather than an event in a stream that has already said 200.
        IAsyncEnumerator<ImageStreamEvent>? events = null;
        try
        {
            events = client.GenerateStreamingAsync(form.ToOptions(), cancellationToken).GetAsyncEnumerator(cancellationToken);
            if (!await events.MoveNextAsync())
            {
                await events.DisposeAsync();
                return Results.Json(new PageError(502, "failed", "The stream ended without an image."), WebJsonContext.Default.PageError, statusCode: 502);
            }
        }
        catch (Exception ex) when (PageError.From(ex) is { } error)
        {
            if (events is not null)
            {
                await events.DisposeAsync();
            }

            return Results.Json(error, WebJsonContext.Default.PageError, statusCode: error.Status);
        }

        return TypedResults.ServerSentEvents(RelayAsync(events, form, gallery));
    }

    private static async IAsyncEnumerable<SseItem<string>> RelayAsync(IAsyncEnumerator<ImageStreamEvent> events, GenerationForm form, ImageGallery gallery)
    {
        await using (events)
        {
            bool more = true;
            while (more)
            {
                yield return events.Current switch
                {
                    ImagePartialEvent partial => ServerEvents.Event("partial", new PartialImage(partial.PartialImageIndex, DataUrl(partial.Image)), WebJsonContext.Default.PartialImage),
                    ImageCompletedEvent completed => ServerEvents.Completed(Store(gallery, form, completed)),
                    _ => throw new InvalidOperationException("An event of a kind this page does not know: " + events.Current.Type),
                };

                PageError? failure = null;
                try
                {
                    more = await events.MoveNextAsync();
                }
                catch (Exception ex) when ((failure = PageError.From(ex)) is not null)
                {
                    more = false;
                }

                if (failure is not null)
                {
                    yield return ServerEvents.Event("error", failure, WebJsonContext.Default.PageError);
                }
            }
        }
    }

    private static GalleryItem Store(ImageGallery gallery, GenerationForm form, ImageResult result, GeneratedImage image) => gallery.Add(id => new GalleryItem(
        id,
        "generation",
        form.Prompt ?? string.Empty,
        image.RevisedPrompt,
        form.ModelId,
        result.Size?.Value ?? GenerationForm.Text(form.Size),
        result.Quality?.Value ?? GenerationForm.Text(form.Quality),
        result.OutputFormat?.Value ?? image.OutputFormat?.Value,
        result.Usage,
        result.Created,
        result.RequestId,
        ImageMediaType.Of(image.Bytes.Span),
        image.Bytes));

    private static GalleryItem Store(ImageGallery gallery, GenerationForm form, ImageCompletedEvent completed) => gallery.Add(id => new GalleryItem(
        id,
        "generation",
        form.Prompt ?? string.Empty,
        completed.Image.RevisedPrompt,
        form.ModelId,
        completed.Size?.Value ?? GenerationForm.Text(form.Size),
        completed.Quality?.Value ?? GenerationForm.Text(form.Quality),
        completed.OutputFormat?.Value,
        completed.Usage,
        completed.CreatedAt,
        null,
        ImageMediaType.Of(completed.Image.Bytes.Span),
        completed.Image.Bytes));

    private static string DataUrl(GeneratedImage image) =>
        "data:" + ImageMediaType.Of(image.Bytes.Span) + ";base64," + Convert.ToBase64String(image.Bytes.Span);
}
