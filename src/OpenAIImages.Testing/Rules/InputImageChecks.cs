using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using OpenAIImages.Testing.Engine;
using OpenAIImages.Testing.Imaging;
using static OpenAIImages.Testing.Rules.SizeChecks;
using static OpenAIImages.Testing.Rules.Wording;

namespace OpenAIImages.Testing.Rules;

/// <summary>Checks the input images and mask of edits and variations: count, format, size, bytes, alpha, and JSON image references.</summary>
internal static class InputImageChecks
{
    internal static readonly string[] ImageMimeTypes = ["image/png", "image/jpeg", "image/webp"];

    internal static List<byte[]> EditImages(RequestBody body, ServiceModel model)
    {
        List<BodyFile> images = body.Files.Where(f => f.Name is "image" or "image[]").ToList();
        if (images.Count == 0)
        {
            throw ApiErrorException.Invalid("image", "missing_required_parameter", "Missing required parameter: 'image' (a file part named 'image', or repeated 'image[]' parts).");
        }

        if (images.Count > model.MaxEditImages)
        {
            string rule = model.MaxEditImages == 1 ? $"{model.Id} edits take exactly one image" : $"{model.Id} edits take at most {Number(model.MaxEditImages)} images";
            throw ApiErrorException.Invalid("image", "invalid_value", $"Invalid 'image': {rule}; got {Number(images.Count)}.");
        }

        var formats = new List<ImageFormat>();
        for (int index = 0; index < images.Count; index++)
        {
            formats.Add(model.EditNeedsSquarePng ? SquarePng(images[index], "image", model.Id) : AnyImage(images[index], index, model));
        }

        BodyFile? mask = body.Files.LastOrDefault(f => f.Name == "mask");
        if (mask is not null)
        {
            ImageFormat maskFormat = Png(mask, "mask", model.MaxEditImageBytes);
            if (!PngHasAlpha(mask.Data))
            {
                throw ApiErrorException.Invalid(
                    "mask",
                    "invalid_image_format",
                    $"Invalid 'mask': '{mask.FileName}' has no alpha channel. A mask must be a PNG with transparency (RGBA or LA); its fully transparent pixels mark where to edit.");
            }

            ImageFormat first = formats[0];
            if (first.IsPng && (maskFormat.Width != first.Width || maskFormat.Height != first.Height))
            {
                throw ApiErrorException.Invalid(
                    "mask",
                    "invalid_value",
                    $"Invalid 'mask': it must be the same size as the image ({Number(first.Width)}x{Number(first.Height)}), but is {Number(maskFormat.Width)}x{Number(maskFormat.Height)}.");
            }
        }

        return images.Select(i => i.Data).ToList();
    }

    internal static List<byte[]> VariationImage(RequestBody body)
    {
        List<BodyFile> images = body.Files.Where(f => f.Name == "image").ToList();
        if (images.Count == 0)
        {
            throw ApiErrorException.Invalid("image", "missing_required_parameter", "Missing required parameter: 'image' (a square PNG file part).");
        }

        if (images.Count > 1)
        {
            throw ApiErrorException.Invalid("image", "invalid_value", $"Invalid 'image': variations take exactly one image; got {Number(images.Count)}.");
        }

        SquarePng(images[0], "image", "variations");
        return [images[0].Data];
    }

    internal static ImageFormat SquarePng(BodyFile file, string param, string subject)
    {
        ImageFormat format = Png(file, param, ServiceModels.FourMegabytes);
        if (format.Width != format.Height)
        {
            throw ApiErrorException.Invalid(
                param,
                "invalid_value",
                $"Invalid '{param}': {subject} needs a square PNG, but '{file.FileName}' is {Number(format.Width)}x{Number(format.Height)}.");
        }

        return format;
    }

    internal static ImageFormat Png(BodyFile file, string param, long maxBytes)
    {
        MimeType(file, param, ["image/png"]);
        Length(file, param, maxBytes);
        ImageFormat? format = ImageFormat.Sniff(file.Data);
        if (format is not { IsPng: true })
        {
            throw ApiErrorException.Invalid(param, "invalid_image_format", $"Invalid '{param}': uploaded image must be a PNG and less than {Number(maxBytes / (1024 * 1024))} MB; '{file.FileName}' is not a PNG.");
        }

        return format.Value;
    }

    internal static ImageFormat AnyImage(BodyFile file, int index, ServiceModel model)
    {
        MimeType(file, "image", ImageMimeTypes);
        Length(file, "image", model.MaxEditImageBytes);

        // The image model, not the schema, finds that the bytes are no picture; the live message counts images from 1.
        return ImageFormat.Sniff(file.Data)
            ?? throw ApiErrorException.UserError("image", "invalid_image_file", $"Invalid image file or mode for image {Number(index + 1)}, please check your image file.");
    }

    /// <summary>Checks the part's media type; a part sent without one (as the official .NET client sends them) is typed from its bytes, as the service does.</summary>
    internal static void MimeType(BodyFile file, string param, string[] allowed)
    {
        string mime = file.ContentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mime.Length == 0)
        {
            mime = ImageFormat.Sniff(file.Data)?.Kind switch
            {
                ImageFormat.Png => "image/png",
                ImageFormat.Jpeg => "image/jpeg",
                ImageFormat.Webp => "image/webp",
                _ => "application/octet-stream",
            };
        }
        else if (mime == "image/jpg")
        {
            mime = "image/jpeg";
        }

        if (!allowed.Contains(mime))
        {
            string[] sorted = allowed.Order(StringComparer.Ordinal).ToArray();
            throw ApiErrorException.Invalid(
                param,
                "unsupported_file_mimetype",
                $"Invalid file '{param}': unsupported mimetype ('{mime}'). Supported file formats are {Quoted(sorted)}.");
        }
    }

    /// <summary>Whether a PNG has an alpha channel: colour type 4 or 6, or a <c>tRNS</c> chunk before the pixel data.</summary>
    internal static bool PngHasAlpha(byte[] png)
    {
        if (png[25] is 4 or 6)
        {
            return true;
        }

        int offset = 8;
        while (offset + 8 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            ReadOnlySpan<byte> type = png.AsSpan(offset + 4, 4);
            if (type.SequenceEqual("tRNS"u8))
            {
                return true;
            }

            if (type.SequenceEqual("IDAT"u8) || length < 0)
            {
                return false;
            }

            offset += 12 + length;
        }

        return false;
    }

    internal static void Length(BodyFile file, string param, long maxBytes)
    {
        if (file.Length >= maxBytes)
        {
            throw ApiErrorException.Invalid(
                param,
                "image_too_large",
                $"Invalid '{param}': '{file.FileName}' is {Number(file.Length)} bytes; it must be smaller than {Number(maxBytes / (1024 * 1024))} MB.");
        }
    }

    internal static List<byte[]> JsonEditImages(RequestBody body, ServiceModel model)
    {
        if (!body.JsonRoot.TryGetProperty("images", out JsonElement images) || images.ValueKind == JsonValueKind.Null)
        {
            throw ApiErrorException.Invalid("images", "missing_required_parameter", "Missing required parameter: 'images'.");
        }

        if (images.ValueKind != JsonValueKind.Array)
        {
            throw ApiErrorException.Invalid("images", "invalid_type", "Invalid type for 'images': expected an array of image references.");
        }

        int count = images.GetArrayLength();
        if (count < 1 || count > model.MaxEditImages)
        {
            throw ApiErrorException.Invalid("images", "invalid_value", $"Invalid 'images': expected 1 to {Number(model.MaxEditImages)} items, got {Number(count)}.");
        }

        var result = new List<byte[]>();
        int index = 0;
        foreach (JsonElement item in images.EnumerateArray())
        {
            result.Add(Encoding.UTF8.GetBytes(ImageReference(item, $"images[{Number(index)}]")));
            index++;
        }

        if (body.JsonRoot.TryGetProperty("mask", out JsonElement mask) && mask.ValueKind != JsonValueKind.Null)
        {
            ImageReference(mask, "mask");
        }

        return result;
    }

    internal static string ImageReference(JsonElement item, string param)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw ApiErrorException.Invalid(param, "invalid_type", $"Invalid type for '{param}': expected an object with 'image_url' or 'file_id'.");
        }

        string? reference = null;
        int keys = 0;
        foreach (JsonProperty property in item.EnumerateObject())
        {
            keys++;
            if (property.Name is not ("image_url" or "file_id"))
            {
                throw ApiErrorException.Invalid($"{param}.{property.Name}", "unknown_parameter", $"Unknown parameter: '{param}.{property.Name}'.");
            }

            if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() is not { Length: > 0 } text)
            {
                throw ApiErrorException.Invalid($"{param}.{property.Name}", "invalid_type", $"Invalid type for '{param}.{property.Name}': expected a non-empty string.");
            }

            if (property.Name == "image_url" && !text.StartsWith("https://", StringComparison.Ordinal) && !text.StartsWith("data:image/", StringComparison.Ordinal))
            {
                throw ApiErrorException.Invalid($"{param}.image_url", "invalid_value", $"Invalid '{param}.image_url': expected an https URL or a base64 data URL (data:image/...;base64,...).");
            }

            if (property.Name == "image_url" && text.Length > 20_971_520)
            {
                throw ApiErrorException.Invalid($"{param}.image_url", "string_above_max_length", $"Invalid '{param}.image_url': longer than 20,971,520 characters.");
            }

            reference = text;
        }

        if (keys != 1 || reference is null)
        {
            throw ApiErrorException.Invalid(param, "invalid_value", $"Invalid '{param}': give exactly one of 'image_url' or 'file_id'.");
        }

        return reference;
    }
}
