using System;
using System.Collections.Generic;
using System.Drawing;
using System.Linq;
using OpenAIImages;
using OpenAIImages.Catalog;

#pragma warning disable MEAI001 // ImageGenerationRequest and ImageGenerationOptions are experimental in Microsoft.Extensions.AI.

namespace Microsoft.Extensions.AI;

/// <summary>
/// Turns Microsoft.Extensions.AI's request and options into the SDK's own request record: what the caller's raw
/// representation (<see cref="ImageGenerationOptions.RawRepresentationFactory"/>) sets wins, then the typed options,
/// then <see cref="ImageGenerationOptions.AdditionalProperties"/> by the API's field names. Unknown additional
/// properties are left alone, since other middleware may carry its own there.
/// </summary>
internal static class ImageRequestMapper
{
    /// <summary>Builds the request: an <see cref="ImageEditOptions"/> when there are original images, else an <see cref="OpenAIImages.ImageGenerationOptions"/>, or the raw <see cref="ImageVariationOptions"/>.</summary>
    /// <exception cref="ArgumentException">The request or an option cannot be expressed in the Images API (<see cref="ArgumentOutOfRangeException"/> for a negative <c>StreamingCount</c> or an unknown <c>ResponseFormat</c>).</exception>
    public static object Map(ImageGenerationRequest request, ImageGenerationOptions? options, object? raw, string? defaultModelId, ImageModel? clientDefaultModel)
    {
        if (options?.StreamingCount is < 0 and var negative)
        {
            throw new ArgumentOutOfRangeException("options", negative, $"StreamingCount is {negative}; it is how many partial images to stream (0 for none), never negative.");
        }

        IReadOnlyList<AIContent> originals = request.OriginalImages?.ToArray() ?? [];
        string? prompt = request.Prompt;
        ImageModel? model = options?.ModelId is { Length: > 0 } modelId ? new ImageModel(modelId)
            : defaultModelId is { Length: > 0 } ? new ImageModel(defaultModelId)
            : (ImageModel?)null;

        switch (raw)
        {
            case ImageVariationOptions variation:
                return Variation(variation, originals, options, model);
            case ImageEditOptions edit:
                edit = edit with
                {
                    Prompt = prompt ?? edit.Prompt,
                    Images = originals.Count > 0 ? Inputs(originals) : edit.Images,
                };
                return Fill(edit, options, model ?? clientDefaultModel);
            case OpenAIImages.ImageGenerationOptions generation when originals.Count > 0:
                throw new ArgumentException(
                    "The request has original images, so it is an edit, but RawRepresentationFactory returned OpenAIImages.ImageGenerationOptions; return OpenAIImages.ImageEditOptions for an edit.",
                    nameof(options));
            case OpenAIImages.ImageGenerationOptions generation:
                return Fill(generation with { Prompt = prompt ?? generation.Prompt }, options, model ?? clientDefaultModel);
            case null:
                break;
            default:
                throw new ArgumentException(
                    $"RawRepresentationFactory returned {raw.GetType().FullName}; the OpenAIImages generator takes OpenAIImages.ImageGenerationOptions, ImageEditOptions or ImageVariationOptions.",
                    nameof(options));
        }

        if (string.IsNullOrEmpty(prompt))
        {
            throw new ArgumentException("ImageGenerationRequest.Prompt is required.", nameof(request));
        }

        ImageRequestOptions created = originals.Count > 0
            ? new ImageEditOptions(Inputs(originals), prompt!)
            : new OpenAIImages.ImageGenerationOptions(prompt!);
        return Fill(created, options, model ?? clientDefaultModel);
    }

    private static ImageRequestOptions Fill(ImageRequestOptions request, ImageGenerationOptions? options, ImageModel? model)
    {
        request = request with
        {
            Model = request.Model ?? model,
            N = request.N ?? options?.Count,
            Size = request.Size ?? SizeOf(options?.ImageSize),
            OutputFormat = request.OutputFormat ?? FormatOf(options?.MediaType),
            PartialImages = request.PartialImages ?? (options?.StreamingCount is > 0 and var partials ? partials : null),
        };

        if (request.ResponseFormat is null && ResponseFormatOf(options?.ResponseFormat, request) is { } responseFormat)
        {
            request = request with { ResponseFormat = responseFormat };
        }

        return options?.AdditionalProperties is { Count: > 0 } properties ? AdditionalProperties.Apply(request, properties) : request;
    }

    private static ImageVariationOptions Variation(ImageVariationOptions variation, IReadOnlyList<AIContent> originals, ImageGenerationOptions? options, ImageModel? model)
    {
        if (originals.Count > 1)
        {
            throw new ArgumentException($"A variation takes one image; the request has {originals.Count} original images.", nameof(options));
        }

        if (options?.StreamingCount is > 0)
        {
            throw new ArgumentException("StreamingCount asks for partial images, which variations do not stream; leave it 0 for a variation.", nameof(options));
        }

        if (FormatOf(options?.MediaType) is { } format && format != ImageOutputFormat.Png)
        {
            throw new ArgumentException($"MediaType '{options!.MediaType}' cannot be made by a variation, which returns PNG only; use image/png or leave it unset.", nameof(options));
        }

        variation = variation with
        {
            Image = originals.Count == 1 ? Input(originals[0], "OriginalImages[0]") : variation.Image,
            Model = variation.Model ?? model,
            N = variation.N ?? options?.Count,
            Size = variation.Size ?? SizeOf(options?.ImageSize),
            ResponseFormat = variation.ResponseFormat ?? ResponseFormatOf(options?.ResponseFormat, request: null),
        };
        return options?.AdditionalProperties is { Count: > 0 } properties ? AdditionalProperties.Apply(variation, properties) : variation;
    }

    private static ImageInput[] Inputs(IReadOnlyList<AIContent> originals) =>
        originals.Select((content, i) => Input(content, $"OriginalImages[{i}]")).ToArray();

    /// <summary>Turns one image into an input: bytes are uploaded (multipart), a URL or file id is sent as a reference (JSON).</summary>
    internal static ImageInput Input(AIContent? content, string what) => content switch
    {
        DataContent data => ImageInput.FromBytes(data.Data, data.Name),
        UriContent uri => ImageInput.FromUrl(uri.Uri.OriginalString),
        HostedFileContent file => ImageInput.FromFileId(file.FileId),
        null => throw new ArgumentException($"{what} is null.", nameof(content)),
        _ => throw new ArgumentException($"{what} is a {content.GetType().Name}; an image is a DataContent (bytes), a UriContent (an https or data URL) or a HostedFileContent (a file id).", nameof(content)),
    };

    private static ImageSize? SizeOf(Size? size) => size is { } s ? new ImageSize(s.Width, s.Height) : (ImageSize?)null;

    /// <summary>The output format for a media type; the Images API makes PNG, JPEG, WebP, GIF and SVG.</summary>
    internal static ImageOutputFormat? FormatOf(string? mediaType) => mediaType?.ToUpperInvariant() switch
    {
        null => (ImageOutputFormat?)null,
        "IMAGE/PNG" => ImageOutputFormat.Png,
        "IMAGE/JPEG" or "IMAGE/JPG" => ImageOutputFormat.Jpeg,
        "IMAGE/WEBP" => ImageOutputFormat.Webp,
        "IMAGE/GIF" => ImageOutputFormat.Gif,
        "IMAGE/SVG+XML" => ImageOutputFormat.Svg,
        _ => throw new ArgumentException($"MediaType '{mediaType}' is not an output format of the Images API; use image/png, image/jpeg, image/webp, image/gif or image/svg+xml.", "options"),
    };

    // Data asks for bytes, which models without response_format (GPT image models, and edits from references) always
    // return: it is sent only where the catalog says the field is taken. Uri, and Hosted (an image the service keeps
    // and serves later, which in the Images API is its URL), are always sent as url, so a model that cannot return
    // URLs refuses them before anything is sent. A format this version does not know is refused, not dropped.
    private static ImageResponseFormat? ResponseFormatOf(ImageGenerationResponseFormat? format, ImageRequestOptions? request) => format switch
    {
        null => (ImageResponseFormat?)null,
        ImageGenerationResponseFormat.Uri or ImageGenerationResponseFormat.Hosted => ImageResponseFormat.Url,
        ImageGenerationResponseFormat.Data => request is null || TakesResponseFormat(request) ? ImageResponseFormat.Base64Json : (ImageResponseFormat?)null,
        _ => throw new ArgumentOutOfRangeException("options", format, $"ResponseFormat {format} is not one the Images API has; use Uri, Hosted (both a URL) or Data."),
    };

    private static bool TakesResponseFormat(ImageRequestOptions request) =>
        ModelCatalog.Get(request.Model?.Value).ResponseFormats.IsSupported
        && !(request is ImageEditOptions edit && OpenAIImages.Requests.ImageRequestFactory.IsJsonEdit(edit));
}
