using System;
using System.Collections.Generic;
using OpenAIImages.Requests;

namespace OpenAIImages.Catalog;

/// <summary>Checks option records against a model's profile and collects every problem, before anything is sent.</summary>
/// <remarks>
/// The entry points only; each concern is its own rule class, and every limit is data in <see cref="ModelProfile"/> or
/// <see cref="SharedRules"/>. The errors come in wire order, one list per request; a valid request allocates nothing.
/// </remarks>
internal static class RequestValidator
{
    public static IReadOnlyList<ImageValidationError> Check(ImageGenerationOptions options, ModelProfile model, bool stream, ValidationContext context)
    {
        var scope = new ValidationScope(model, context);
        OperationRules.Check(ref scope, ImageOperations.Generate, "image generation");
        StreamingRules.Check(ref scope, stream, options.PartialImages, "GenerateStreamingAsync");
        ParameterRules.Check(ref scope, "style", options.Style?.Value, model.Styles, p => p.Styles);
        Shared(ref scope, options, model.GenerationSizes, model.Qualities, p => p.Qualities, stream, hasMask: false, jsonEdit: false);
        return scope.Errors;
    }

    public static IReadOnlyList<ImageValidationError> Check(ImageEditOptions options, ModelProfile model, IReadOnlyList<ImageInfo> images, ImageInfo? mask, ImageInfo? markup, bool stream, ValidationContext context) =>
        CheckEdit(options, model, images, mask, markup, stream, context);

    /// <summary>Checks an edit without reading its files (for a cost estimate): every rule but those of the images' contents.</summary>
    public static IReadOnlyList<ImageValidationError> CheckWithoutFiles(ImageEditOptions options, ModelProfile model, bool stream, ValidationContext context) =>
        CheckEdit(options, model, null, null, null, stream, context);

    /// <summary>Checks a variation without reading its image (for a cost estimate): every rule but those of the image's contents.</summary>
    public static IReadOnlyList<ImageValidationError> CheckWithoutFiles(ImageVariationOptions options, ModelProfile model, ValidationContext context) =>
        CheckVariation(options, model, null, context);

    private static IReadOnlyList<ImageValidationError> CheckEdit(ImageEditOptions options, ModelProfile model, IReadOnlyList<ImageInfo>? images, ImageInfo? mask, ImageInfo? markup, bool stream, ValidationContext context)
    {
        var scope = new ValidationScope(model, context);
        OperationRules.Check(ref scope, ImageOperations.Edit, "image edits");
        StreamingRules.Check(ref scope, stream, options.PartialImages, "EditStreamingAsync");
        bool jsonEdit = Requests.ImageRequestFactory.IsJsonEdit(options); // the wire format the factory will choose
        if (jsonEdit)
        {
            ReferenceRules.CheckJsonEdit(ref scope, options);
        }
        else if (!ReferenceRules.CheckMixedInputs(ref scope, options))
        {
            if (images is not null)
            {
                ImageInfo? first = images.Count > 0 ? images[0] : null;
                InputImageRules.CheckImages(ref scope, options.Images.Count == 1 ? "image" : "image[]", images, model.EditImages);
                InputImageRules.CheckMask(ref scope, mask, first);
                InputImageRules.CheckMarkup(ref scope, markup, options.Mask is not null, first);
            }
            else
            {
                InputImageRules.CheckCount(ref scope, options.Images.Count == 1 ? "image" : "image[]", options.Images.Count, model.EditImages);
            }

            ReferenceRules.CheckMultipartEdit(ref scope, options);
        }

        ParameterRules.Check(ref scope, "input_fidelity", options.InputFidelity?.Value, model.InputFidelities, p => p.InputFidelities);
        Shared(ref scope, options, model.EditSizes, model.EditQualities, p => p.EditQualities, stream, hasMask: options.Mask is not null, jsonEdit);
        return scope.Errors;
    }

    public static IReadOnlyList<ImageValidationError> Check(ImageVariationOptions options, ModelProfile model, ImageInfo image, ValidationContext context) =>
        CheckVariation(options, model, image, context);

    private static IReadOnlyList<ImageValidationError> CheckVariation(ImageVariationOptions options, ModelProfile model, ImageInfo? image, ValidationContext context)
    {
        var scope = new ValidationScope(model, context);
        OperationRules.CheckVariationsEndpoint(ref scope);
        OperationRules.Check(ref scope, ImageOperations.Variation, "image variations");
        if (image is { } info)
        {
            InputImageRules.CheckImages(ref scope, "image", [info], model.VariationImage);
        }

        CountRules.Check(ref scope, options.N);
        SizeRules.Check(ref scope, options.Size, model.VariationSizes);
        ParameterRules.Check(ref scope, "response_format", options.ResponseFormat?.Value, model.ResponseFormats, p => p.ResponseFormats);
        return scope.Errors;
    }

    // The fields generations and edits share, in wire order.
    private static void Shared(ref ValidationScope scope, ImageRequestOptions options, SizeRule sizes, AllowedValues qualities, Func<ModelProfile, AllowedValues> selectQualities, bool stream, bool hasMask, bool jsonEdit)
    {
        ModelProfile model = scope.Model;
        string? format = options.OutputFormat?.Value;
        PromptRules.Check(ref scope, options.Prompt, jsonEdit);
        CountRules.Check(ref scope, options.N);
        SizeRules.Check(ref scope, options.Size, sizes);
        ParameterRules.Check(ref scope, "quality", options.Quality?.Value, qualities, selectQualities);
        ParameterRules.Check(ref scope, "response_format", options.ResponseFormat?.Value, model.ResponseFormats, p => p.ResponseFormats);
        ParameterRules.Check(ref scope, "background", options.Background?.Value, model.Backgrounds, p => p.Backgrounds);
        ParameterRules.Check(ref scope, "output_format", format, model.OutputFormats, p => p.OutputFormats);
        OutputFormatRules.CheckService(ref scope, format);
        OutputFormatRules.CheckCompression(ref scope, options.OutputCompression, format);
        OutputFormatRules.CheckTransparency(ref scope, options.Background?.Value, format);
        ParameterRules.Check(ref scope, "moderation", options.Moderation?.Value, model.Moderations, p => p.Moderations);
        OutputFormatRules.CheckAnimationAndVector(ref scope, options, stream, hasMask);
        ParameterRules.Check(ref scope, "complexity", options.Complexity?.Value, model.Complexities, p => p.Complexities);
    }
}
