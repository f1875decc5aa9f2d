using System;

namespace OpenAIImages.Web.Gallery;

/// <summary>One image made this run, with what the request asked and what the server said about it.</summary>
/// <param name="Id">The id the page fetches the image by (<c>/images/{id}</c>).</param>
/// <param name="Operation"><c>generation</c> or <c>edit</c>.</param>
/// <param name="Prompt">The prompt sent.</param>
/// <param name="RevisedPrompt">The prompt the model used (<c>revised_prompt</c>; dall-e-3), or null.</param>
/// <param name="Model">The model asked for.</param>
/// <param name="Size">The size the server reported, else the size asked for, or null.</param>
/// <param name="Quality">The quality the server reported, else the quality asked for, or null.</param>
/// <param name="OutputFormat">The file format the server reported, or null.</param>
/// <param name="Usage">The tokens used (GPT image models), or null.</param>
/// <param name="Created">When the server made the image.</param>
/// <param name="RequestId">The response's <c>x-request-id</c>, when there was one (not for streams).</param>
/// <param name="ContentType">The media type read from the image's bytes.</param>
/// <param name="Bytes">The image file.</param>
internal sealed record GalleryItem(
    string Id,
    string Operation,
    string Prompt,
    string? RevisedPrompt,
    string Model,
    string? Size,
    string? Quality,
    string? OutputFormat,
    ImageUsage? Usage,
    DateTimeOffset Created,
    string? RequestId,
    string ContentType,
    ReadOnlyMemory<byte> Bytes);
