using System.Collections.Generic;
using System.Linq;
using OpenAIImages.Requests;
using static OpenAIImages.Catalog.ValidationText;

namespace OpenAIImages.Catalog;

/// <summary>Uploaded files, read from their bytes: the images (count, format, bytes, shape), the mask and the markup overlay.</summary>
internal static class InputImageRules
{
    public static void CheckImages(ref ValidationScope scope, string field, IReadOnlyList<ImageInfo> images, InputImageRule? rule)
    {
        if (!CheckCount(ref scope, field, images.Count, rule))
        {
            return;
        }

        string id = scope.Model.Id;
        for (int i = 0; i < images.Count; i++)
        {
            ImageInfo image = images[i];
            string name = images.Count == 1 ? field : $"{field.TrimEnd('[', ']')}[{i}]";
            if (image.Length == 0)
            {
                scope.Add(name, "0 bytes", $"{name} is empty");
                continue;
            }

            if (rule is null)
            {
                continue;
            }

            if (!rule.Formats.Contains(image.Format))
            {
                scope.Add(name, image.FormatName, $"{name} is {image.FormatName}; {id} accepts {string.Join(", ", rule.Formats.Select(f => f.ToString().ToUpperInvariant()))}");
            }

            if (image.Length >= rule.MaxBytes)
            {
                scope.Add(name, Bytes(image.Length), $"{name} is {Bytes(image.Length)}; {id} accepts files smaller than {Bytes(rule.MaxBytes)}");
            }

            if (rule.MustBeSquare && image.HasDimensions && image.Width != image.Height)
            {
                scope.Add(name, $"{image.Width}x{image.Height}", $"{name} is {image.Width}x{image.Height}; {id} needs a square image");
            }
        }
    }

    /// <summary>Checks how many images are given, without reading them; false when there are none.</summary>
    public static bool CheckCount(ref ValidationScope scope, string field, int count, InputImageRule? rule)
    {
        if (count == 0)
        {
            scope.Add(field, null, "at least one image is required");
            return false;
        }

        int maxCount = rule?.MaxCount ?? SharedRules.MaxInputImages;
        if (count > maxCount)
        {
            scope.Add(field, Number(count), $"{count} images were given; {scope.Model.Id} accepts at most {maxCount}");
        }

        return true;
    }

    public static void CheckMask(ref ValidationScope scope, ImageInfo? mask, ImageInfo? firstImage)
    {
        if (mask is not { } m)
        {
            return;
        }

        if (m.Format != SharedRules.MaskFormat)
        {
            scope.Add("mask", m.FormatName, $"mask is {m.FormatName}; a mask must be a {SharedRules.MaskFormat.ToString().ToUpperInvariant()}");
            return;
        }

        if (m.HasAlpha == false)
        {
            scope.Add("mask", "no alpha channel", "mask has no alpha channel; its fully transparent pixels mark where to edit");
        }

        if (scope.Model.MaskMaxBytes is { } max && m.Length >= max)
        {
            scope.Add("mask", Bytes(m.Length), $"mask is {Bytes(m.Length)}; {scope.Model.Id} accepts masks smaller than {Bytes(max)}");
        }

        CheckSameSize(ref scope, "mask", m, firstImage);
    }

    public static void CheckMarkup(ref ValidationScope scope, ImageInfo? markup, bool hasMask, ImageInfo? firstImage)
    {
        if (markup is not { } m)
        {
            return;
        }

        if (!scope.Model.SupportsMarkup)
        {
            scope.Add("markup", "markup", $"markup is not supported by {scope.Model.Id}; models that take it: {ModelCatalog.ModelsWhere(p => p.SupportsMarkup)}");
            return;
        }

        if (hasMask)
        {
            scope.Add("markup", "markup", "markup cannot be used together with a mask; use one or the other");
        }

        if (m.Format != SharedRules.MarkupFormat || m.HasAlpha == false)
        {
            scope.Add("markup", m.FormatName, "markup must be a PNG with transparency, drawn over the first image");
        }

        CheckSameSize(ref scope, "markup", m, firstImage);
    }

    // A mask or markup is laid over the first image, pixel for pixel.
    private static void CheckSameSize(ref ValidationScope scope, string field, ImageInfo overlay, ImageInfo? firstImage)
    {
        if (firstImage is { HasDimensions: true } first && overlay.HasDimensions && (first.Width != overlay.Width || first.Height != overlay.Height))
        {
            scope.Add(field, $"{overlay.Width}x{overlay.Height}", $"{field} is {overlay.Width}x{overlay.Height}; it must have the same dimensions as the first image, {first.Width}x{first.Height}");
        }
    }
}
