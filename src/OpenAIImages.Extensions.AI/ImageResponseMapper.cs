using System.Collections.Generic;
using OpenAIImages;

#pragma warning disable MEAI001 // ImageGenerationResponse is experimental in Microsoft.Extensions.AI.

namespace Microsoft.Extensions.AI;

/// <summary>Turns the SDK's result into Microsoft.Extensions.AI's response: each image as <see cref="DataContent"/> (bytes, with their media type) or <see cref="UriContent"/>, and the tokens as <see cref="UsageDetails"/>.</summary>
internal static class ImageResponseMapper
{
    /// <summary>The key of <see cref="UsageDetails.AdditionalCounts"/> for input image tokens, as Microsoft.Extensions.AI.OpenAI names it.</summary>
    public const string InputImageTokens = "InputTokenDetails.ImageTokenCount";

    /// <summary>The key for input text tokens.</summary>
    public const string InputTextTokens = "InputTokenDetails.TextTokenCount";

    /// <summary>The key for output image tokens.</summary>
    public const string OutputImageTokens = "OutputTokenDetails.ImageTokenCount";

    /// <summary>The key for output text tokens.</summary>
    public const string OutputTextTokens = "OutputTokenDetails.TextTokenCount";

    /// <summary>The key of an image content's <see cref="AIContent.AdditionalProperties"/> that holds the prompt the model used (<c>revised_prompt</c>).</summary>
    public const string RevisedPrompt = "revised_prompt";

    public static ImageGenerationResponse FromResult(ImageResult result)
    {
        var contents = new List<AIContent>(result.Images.Count);
        foreach (GeneratedImage image in result.Images)
        {
            contents.Add(Content(image, result.OutputFormat));
        }

        return new ImageGenerationResponse(contents) { RawRepresentation = result, Usage = Usage(result.Usage) };
    }

    /// <summary>The completed images of a stream, with the last completed event's usage; the events themselves are the raw representation.</summary>
    public static ImageGenerationResponse FromStream(IReadOnlyList<ImageStreamEvent> events)
    {
        var contents = new List<AIContent>();
        ImageUsage? usage = null;
        foreach (ImageStreamEvent item in events)
        {
            if (item is ImageCompletedEvent completed)
            {
                contents.Add(Content(completed.Image, completed.OutputFormat));
                usage = completed.Usage ?? usage;
            }
        }

        return new ImageGenerationResponse(contents) { RawRepresentation = events, Usage = Usage(usage) };
    }

    /// <summary>The media type of an output format; <c>image/png</c> when unknown, as DALL·E's URL images are.</summary>
    public static string MediaTypeOf(ImageOutputFormat? format) => format?.Value switch
    {
        "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        _ => "image/png",
    };

    private static AIContent Content(GeneratedImage image, ImageOutputFormat? resultFormat)
    {
        string mediaType = MediaTypeOf(image.OutputFormat ?? resultFormat);
        AIContent content = image.HasBytes
            ? new DataContent(image.Bytes, mediaType) { Name = "image-" + image.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + image.FileExtension }
            : new UriContent(image.Url!, mediaType);
        if (image.RevisedPrompt is { } revised)
        {
            content.AdditionalProperties = new AdditionalPropertiesDictionary { [RevisedPrompt] = revised };
        }

        return content;
    }

    private static UsageDetails? Usage(ImageUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.InputTokens,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = usage.TotalTokens,
        };

        if (usage.InputTokensDetails is { } input)
        {
            details.InputTextTokenCount = input.TextTokens;
            details.AdditionalCounts ??= [];
            details.AdditionalCounts[InputImageTokens] = input.ImageTokens;
            details.AdditionalCounts[InputTextTokens] = input.TextTokens;
        }

        if (usage.OutputTokensDetails is { } output)
        {
            details.OutputTextTokenCount = output.TextTokens;
            details.AdditionalCounts ??= [];
            details.AdditionalCounts[OutputImageTokens] = output.ImageTokens;
            details.AdditionalCounts[OutputTextTokens] = output.TextTokens;
        }

        return details;
    }
}
