using System.Collections.Generic;
using System.Linq;
using OpenAIImages.Catalog;
using OpenAIImages.Pipeline;
using OpenAIImages.Responses;

namespace OpenAIImages.Requests;

/// <summary>Builds the call for each operation and chooses its wire format: JSON for generations and for edits whose images are all references, multipart otherwise.</summary>
/// <remarks>The body builders are static lambdas over the call's own state, so a call allocates no closure.</remarks>
internal static class ImageRequestFactory
{
    /// <summary>A generation (<c>POST /images/generations</c>, JSON).</summary>
    public static ImageCall Generation(ImageGenerationOptions options, string? model, bool stream, ImageFileTarget? files, Costs.CallPricing? cost = null) => new(
        "generation",
        ImageEndpoint.Generations,
        model,
        options.EndUser,
        options.N ?? SharedRules.DefaultCount,
        options,
        stream ? static call => JsonRequestWriter.Create((ImageGenerationOptions)call.Request, call.Model, stream: true)
               : static call => JsonRequestWriter.Create((ImageGenerationOptions)call.Request, call.Model, stream: false),
        files)
    {
        Progress = options.Progress,
        Cost = cost,
    };

    /// <summary>An edit (<c>POST /images/edits</c>): JSON when every image and the mask are references (URL, data URL, file id), multipart otherwise.</summary>
    public static ImageCall Edit(ImageEditOptions options, string? model, IReadOnlyList<ImageInfo> images, ImageInfo? mask, ImageInfo? markup, bool stream, ImageFileTarget? files, Costs.CallPricing? cost = null)
    {
        object request = IsJsonEdit(options) ? new JsonEdit(options, stream) : new MultipartEdit(options, images, mask, markup, stream);
        return new ImageCall(
            "edit",
            ImageEndpoint.Edits,
            model,
            options.EndUser,
            options.N ?? SharedRules.DefaultCount,
            request,
            static call => call.Request switch
            {
                JsonEdit json => JsonRequestWriter.Create(json.Options, call.Model, json.Stream),
                MultipartEdit form => MultipartRequestWriter.Create(form.Options, call.Model, form.Images, form.Mask, form.Markup, form.Stream),
                _ => throw new System.InvalidOperationException("An edit call carries an edit request."),
            },
            files)
        {
            Progress = options.Progress,
            Cost = cost,
        };
    }

    /// <summary>A variation (<c>POST /images/variations</c>, multipart).</summary>
    public static ImageCall Variation(ImageVariationOptions options, string? model, ImageInfo image, Costs.CallPricing? cost = null) => new(
        "variation",
        ImageEndpoint.Variations,
        model,
        options.User,
        options.N ?? SharedRules.DefaultCount,
        new VariationForm(options, image),
        static call => MultipartRequestWriter.Create(((VariationForm)call.Request).Options, call.Model, ((VariationForm)call.Request).Image),
        null)
    {
        Progress = options.Progress,
        Cost = cost,
    };

    /// <summary>Whether an edit goes as JSON: every image and the mask are references the server fetches itself.</summary>
    public static bool IsJsonEdit(ImageEditOptions options) =>
        options.Images is { Count: > 0 } images && images.All(i => i is { IsReference: true }) && options.Mask is null or { IsReference: true };

    private sealed record JsonEdit(ImageEditOptions Options, bool Stream);

    private sealed record MultipartEdit(ImageEditOptions Options, IReadOnlyList<ImageInfo> Images, ImageInfo? Mask, ImageInfo? Markup, bool Stream);

    private sealed record VariationForm(ImageVariationOptions Options, ImageInfo Image);
}
