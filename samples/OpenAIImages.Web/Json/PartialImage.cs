namespace OpenAIImages.Web.Json;

/// <summary>A partial image on its way to the page, as a <c>data:</c> URL: it is shown once and not kept.</summary>
/// <param name="Index">The 0-based <c>partial_image_index</c>.</param>
/// <param name="Image">The image as a <c>data:</c> URL.</param>
internal sealed record PartialImage(int Index, string Image);
