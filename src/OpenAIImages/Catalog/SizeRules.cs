using System;
using System.Collections.Generic;
using System.Linq;
using static OpenAIImages.Catalog.ValidationText;

namespace OpenAIImages.Catalog;

/// <summary>The image size: <c>auto</c> or <c>WIDTHxHEIGHT</c>, from the model's list or within its rule for custom sizes.</summary>
internal static class SizeRules
{
    public static void Check(ref ValidationScope scope, ImageSize? size, SizeRule rule)
    {
        if (size is not { } value)
        {
            return;
        }

        string text = value.Value;
        bool hasDimensions = value.TryGetDimensions(out int width, out int height);
        if (!value.IsAuto && !hasDimensions)
        {
            scope.Add("size", text, $"size '{text}' is not a size; use 'auto' or WIDTHxHEIGHT, for example 1024x1024");
            return;
        }

        if (rule.IsOpen || (value.IsAuto ? rule.AllowsAuto : rule.Fixed.Contains(text)))
        {
            return;
        }

        string id = scope.Model.Id;
        string supported = string.Join(", ", rule.AllowsAuto ? rule.Fixed.Concat(["auto"]) : rule.Fixed);
        if (rule.Flexible is not { } flexible || value.IsAuto)
        {
            scope.Add("size", text, $"size '{text}' is not supported by {id}; supported: {supported}");
            return;
        }

        string? broken = FlexibleSizeProblem(width, height, flexible);
        if (broken is not null)
        {
            scope.Add("size", text, $"size '{text}' is not supported by {id}: {broken}");
        }
    }

    /// <summary>The JSON form of an edit has a closed list of sizes, whatever the model.</summary>
    public static void CheckJsonEdit(ref ValidationScope scope, ImageSize? size)
    {
        if (size is { } value && !SharedRules.JsonEditSizes.Contains(value.Value))
        {
            scope.Add("size", value.Value, $"size '{value.Value}' is not available for edits from image references; supported: {string.Join(", ", SharedRules.JsonEditSizes)}");
        }
    }

    private static string? FlexibleSizeProblem(int width, int height, FlexibleSizeRule rule)
    {
        var problems = new List<string>();
        if (width % rule.EdgeMultiple != 0 || height % rule.EdgeMultiple != 0)
        {
            problems.Add($"both edges must be multiples of {rule.EdgeMultiple}");
        }

        int longer = Math.Max(width, height);
        int shorter = Math.Min(width, height);
        if (longer > (long)shorter * rule.MaxAspectRatio)
        {
            problems.Add($"the longer edge may be at most {rule.MaxAspectRatio} times the shorter");
        }

        if (longer > rule.MaxEdge)
        {
            problems.Add($"the longest edge may be at most {rule.MaxEdge}");
        }

        long pixels = (long)width * height;
        if (pixels < rule.MinPixels || pixels > rule.MaxPixels)
        {
            problems.Add($"the total pixels ({Number(pixels)}) must be from {Number(rule.MinPixels)} to {Number(rule.MaxPixels)}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
