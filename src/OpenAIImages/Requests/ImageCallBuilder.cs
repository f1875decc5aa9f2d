using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Catalog;
using OpenAIImages.Costs;
using OpenAIImages.Diagnostics;
using OpenAIImages.Pipeline;
using OpenAIImages.Responses;

namespace OpenAIImages.Requests;

/// <summary>
/// The first two steps of every operation: check the request against its model's rules (the catalog; every problem at
/// once, before any byte is sent) and build the <see cref="ImageCall"/> that every attempt sends
/// (<see cref="ImageRequestFactory"/> picks JSON or multipart).
/// </summary>
internal sealed class ImageCallBuilder
{
    private readonly ImagesClientOptions _options;
    private readonly ImageService _service;
    private readonly RequestLog _log;
    private readonly ClientCatalog _catalog;
    private readonly ClientPrices _prices;

    public ImageCallBuilder(ImagesClientOptions options, ImageService service, RequestLog log, ClientCatalog catalog, ClientPrices prices)
    {
        _options = options;
        _service = service;
        _log = log;
        _catalog = catalog;
        _prices = prices;
    }

    /// <summary>Checks and builds a generation.</summary>
    /// <exception cref="ImageValidationException">The request breaks the model's rules.</exception>
    public ImageCall Generation(ImageGenerationOptions options, bool stream, ImageFileTarget? files)
    {
        string? model = ModelOf(options.Model, DefaultImageModel);
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, _catalog.Get(RulesModelOf(model)), stream, Context()));
        }

        ImageCall call = ImageRequestFactory.Generation(options, model, stream, files, Pricing(model, options));
        _log.Starting(call, options.Size, options.Prompt, _catalog.Get(RulesModelOf(model)), _service);
        return call;
    }

    /// <summary>Reads the edit's images' headers, then checks and builds the edit.</summary>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or an image is missing or cannot be read.</exception>
    public async Task<ImageCall> EditAsync(ImageEditOptions options, bool stream, ImageFileTarget? files, CancellationToken cancellationToken)
    {
        string? model = ModelOf(options.Model, DefaultImageModel);
        IReadOnlyList<ImageInput> images = options.Images ?? [];
        string field = images.Count == 1 ? "image" : "image[]";
        var infos = new ImageInfo[images.Count];
        var missing = new List<ImageValidationError>();
        for (int i = 0; i < infos.Length; i++)
        {
            if (images[i] is null)
            {
                missing.Add(new ImageValidationError($"{field}[{i}]", null, $"{field} {i} is null"));
            }
        }

        ThrowIfInvalid(missing);
        for (int i = 0; i < infos.Length; i++)
        {
            infos[i] = await InspectAsync(images[i], $"{field}[{i}]", cancellationToken).ConfigureAwait(false);
        }

        ImageInfo? mask = options.Mask is { } maskInput ? await InspectAsync(maskInput, "mask", cancellationToken).ConfigureAwait(false) : null;
        ImageInfo? markup = options.Markup is { } markupInput ? await InspectAsync(markupInput, "markup", cancellationToken).ConfigureAwait(false) : null;
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, _catalog.Get(RulesModelOf(model)), infos, mask, markup, stream, Context()));
        }

        ImageCall call = ImageRequestFactory.Edit(options, model, infos, mask, markup, stream, files, Pricing(model, options));
        _log.Starting(call, options.Size, options.Prompt, _catalog.Get(RulesModelOf(model)), _service);
        return call;
    }

    /// <summary>Reads the image's header, then checks and builds the variation.</summary>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or the image is missing or cannot be read.</exception>
    public async Task<ImageCall> VariationAsync(ImageVariationOptions options, CancellationToken cancellationToken)
    {
        if (options.Image is null)
        {
            ThrowIfInvalid([new ImageValidationError("image", null, "image is required")]);
        }

        string? model = ModelOf(options.Model, DefaultVariationModel);
        ImageInfo image = await InspectAsync(options.Image!, "image", cancellationToken).ConfigureAwait(false);
        if (_options.ValidateRequests)
        {
            string? rules = RulesModelOf(model);
            ThrowIfInvalid(RequestValidator.Check(options, _catalog.Get(rules), image, Context()));
        }

        ImageCall call = ImageRequestFactory.Variation(options, model, image, Pricing(model, options));
        _log.Starting(call, options.Size, null, _catalog.Get(RulesModelOf(model)), _service);
        return call;
    }

    /// <summary>Checks a generation as a call would (a stream when it asks for partial images), then estimates its most cost.</summary>
    /// <exception cref="ImageValidationException">The request breaks the model's rules.</exception>
    public ImageCostEstimate EstimateGeneration(ImageGenerationOptions options)
    {
        string? model = ModelOf(options.Model, DefaultImageModel);
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.Check(options, _catalog.Get(RulesModelOf(model)), options.PartialImages is not null, Context()));
        }

        return Pricing(model, options).Estimate;
    }

    /// <summary>Checks an edit as a call would, but for its files' contents (they are not read), then estimates its most cost.</summary>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or an image is null.</exception>
    public ImageCostEstimate EstimateEdit(ImageEditOptions options)
    {
        string? model = ModelOf(options.Model, DefaultImageModel);
        IReadOnlyList<ImageInput> images = options.Images ?? [];
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i] is null)
            {
                string field = images.Count == 1 ? "image" : "image[]";
                ThrowIfInvalid([new ImageValidationError($"{field}[{i}]", null, $"{field} {i} is null")]);
            }
        }

        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.CheckWithoutFiles(options, _catalog.Get(RulesModelOf(model)), options.PartialImages is not null, Context()));
        }

        return Pricing(model, options).Estimate;
    }

    /// <summary>Checks a variation as a call would, but for its image's contents (it is not read), then estimates its most cost.</summary>
    /// <exception cref="ImageValidationException">The request breaks the model's rules, or the image is null.</exception>
    public ImageCostEstimate EstimateVariation(ImageVariationOptions options)
    {
        if (options.Image is null)
        {
            ThrowIfInvalid([new ImageValidationError("image", null, "image is required")]);
        }

        string? model = ModelOf(options.Model, DefaultVariationModel);
        if (_options.ValidateRequests)
        {
            ThrowIfInvalid(RequestValidator.CheckWithoutFiles(options, _catalog.Get(RulesModelOf(model)), Context()));
        }

        return Pricing(model, options).Estimate;
    }

    private CallPricing Pricing(string? model, ImageGenerationOptions options) =>
        Pricing(model, new CostRequest(Count(options.N), options.Size?.Value, options.Quality?.Value, options.Prompt, 0, false, Math.Max(options.PartialImages ?? 0, 0)));

    private CallPricing Pricing(string? model, ImageEditOptions options) => Pricing(model, new CostRequest(
        Count(options.N),
        options.Size?.Value,
        options.Quality?.Value,
        options.Prompt,
        (options.Images?.Count ?? 0) + (options.Mask is null ? 0 : 1) + (options.Markup is null ? 0 : 1),
        options.InputFidelity?.Value == "high",
        Math.Max(options.PartialImages ?? 0, 0)));

    private CallPricing Pricing(string? model, ImageVariationOptions options) =>
        Pricing(model, new CostRequest(Count(options.N), options.Size?.Value, null, null, 0, false, 0));

    // With the checks off, n may be anything; the service makes at least one image of a call it accepts.
    private static int Count(int? n) => Math.Max(n ?? SharedRules.DefaultCount, 1);

    private CallPricing Pricing(string? model, CostRequest request) => new(_prices, _options.Azure, model, request);

    // An input that cannot be read is the caller's mistake, named by its field before anything is sent.
    private static async Task<ImageInfo> InspectAsync(ImageInput input, string field, CancellationToken cancellationToken)
    {
        try
        {
            return await input.InspectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageValidationException([new ImageValidationError(field, input.FileName, $"{field} could not be read: {ex.Message}")]);
        }
    }

    private ValidationContext Context() => new(_service, _options.TimeProvider);

    /// <summary>The model of a generation or an edit that names none, and the client none either: the SDK's documented default (never the server's, which is a DALL·E model answering with URLs).</summary>
    public static ImageModel DefaultImageModel => ImageModel.GptImage2;

    /// <summary>The model of a variation that names none, and the client none either: the only model that makes variations.</summary>
    public static ImageModel DefaultVariationModel => ImageModel.DallE2;

    /// <summary>The model a request is sent with: its own, else the client's default, else the SDK's; on Azure the deployment decides, so nothing is added.</summary>
    public static string? ModelOf(ImageModel? model, ImagesClientOptions options, ImageModel sdkDefault) =>
        (model ?? options.DefaultModel ?? (options.Azure is null ? sdkDefault : (ImageModel?)null))?.Value;

    private string? ModelOf(ImageModel? model, ImageModel sdkDefault) => ModelOf(model, _options, sdkDefault);

    // The model whose rules apply: on Azure the one behind the deployment (the request's model is a deployment name).
    private string? RulesModelOf(string? sentModel) => _options.Azure is { } azure ? azure.Model?.Value : sentModel;

    private static void ThrowIfInvalid(IReadOnlyList<ImageValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ImageValidationException(errors);
        }
    }
}
