using System.Linq;
using static OpenAIImages.Catalog.ValidationText;

namespace OpenAIImages.Catalog;

/// <summary>The two forms of an edit: image references go as JSON, uploads as multipart, and one request takes one kind.</summary>
internal static class ReferenceRules
{
    /// <summary>Checks what only the JSON form has: the model takes references, at most 16 of them, no markup and no response_format.</summary>
    public static void CheckJsonEdit(ref ValidationScope scope, ImageEditOptions options)
    {
        ModelProfile model = scope.Model;
        if (!model.AcceptsImageReferences)
        {
            scope.Add("images", "references", $"{model.Id} edits take uploaded files only; image references (URLs, file ids) need a GPT image model");
        }

        if (options.Images.Count > SharedRules.MaxInputImages)
        {
            scope.Add("images", Number(options.Images.Count), $"{options.Images.Count} images were given; at most {SharedRules.MaxInputImages} are accepted");
        }

        if (options.Markup is not null)
        {
            scope.Add("markup", "markup", "markup is uploaded as a file; it cannot be sent with image references");
        }

        // The JSON body has no response_format: it would be dropped unsent. A model without it reports it already.
        if (options.ResponseFormat is { } responseFormat && model.ResponseFormats.IsSupported)
        {
            scope.Add("response_format", responseFormat.Value, "response_format is not taken by edits from image references (sent as JSON); they always return b64_json");
        }

        SizeRules.CheckJsonEdit(ref scope, options.Size);
    }

    /// <summary>Checks what only the multipart form has: moderation is not one of its fields.</summary>
    public static void CheckMultipartEdit(ref ValidationScope scope, ImageEditOptions options)
    {
        if (options.Moderation is { } moderation)
        {
            scope.Add("moderation", moderation.Value, "moderation applies only to edits from image references (ImageInput.FromUrl or FromFileId), which are sent as JSON");
        }
    }

    /// <summary>Reports inputs that mix references and uploads; returns whether it did, so per-file checks are skipped.</summary>
    public static bool CheckMixedInputs(ref ValidationScope scope, ImageEditOptions options)
    {
        bool anyReference = options.Images.Any(i => i is { IsReference: true }) || options.Mask is { IsReference: true } || options.Markup is { IsReference: true };
        if (anyReference)
        {
            scope.Add("image", "mixed", "the images mix references (URLs or file ids) with files to upload; one request takes one kind: all references (sent as JSON) or all files (sent as multipart)");
        }

        return anyReference;
    }
}
