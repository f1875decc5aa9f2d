using static OpenAIImages.Catalog.ValidationText;

namespace OpenAIImages.Catalog;

/// <summary>Streaming and <c>partial_images</c>: only models that stream, and partial images only in a stream.</summary>
internal static class StreamingRules
{
    public static void Check(ref ValidationScope scope, bool stream, int? partialImages, string method)
    {
        ModelProfile model = scope.Model;
        if (stream && model.PartialImages is null)
        {
            scope.Add("stream", "true", $"stream is not supported by {model.Id}; models that stream: {ModelCatalog.ModelsWhere(p => p.PartialImages is not null)}");
            return;
        }

        if (partialImages is not { } count)
        {
            return;
        }

        IntRange allowed = model.PartialImages ?? SharedRules.PartialImages;
        if (!stream)
        {
            scope.Add("partial_images", Number(count), $"partial_images applies to streamed responses only; call {method}");
        }
        else if (!allowed.Contains(count))
        {
            scope.Add("partial_images", Number(count), $"partial_images {Number(count)} is out of range; allowed: {allowed}");
        }
    }
}
