using System.IO;
using System.Text.Json;

namespace OpenAIImages.Cli.Output;

/// <summary>Writes the metadata JSON saved beside each image, with <see cref="Utf8JsonWriter"/> (no reflection).</summary>
internal static class MetadataWriter
{
    public static byte[] Write(ImageResult result, GeneratedImage image, SaveContext context, string fileName)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteNullable(json, "prompt", context.Prompt);
            WriteNullable(json, "revised_prompt", image.RevisedPrompt);
            json.WriteString("model", context.Model);
            WriteNullable(json, "size", result.Size?.Value ?? context.Size);
            WriteNullable(json, "quality", result.Quality?.Value ?? context.Quality);
            json.WriteString("created", result.Created);
            WriteNullable(json, "request_id", result.RequestId);
            json.WriteString("file", fileName);
            if (result.Usage is { } usage)
            {
                json.WriteStartObject("usage");
                json.WriteNumber("input_tokens", usage.InputTokens);
                json.WriteNumber("output_tokens", usage.OutputTokens);
                json.WriteNumber("total_tokens", usage.TotalTokens);
                WriteDetails(json, "input_tokens_details", usage.InputTokensDetails);
                WriteDetails(json, "output_tokens_details", usage.OutputTokensDetails);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteDetails(Utf8JsonWriter json, string name, ImageTokenDetails? details)
    {
        if (details is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("text_tokens", details.TextTokens);
        json.WriteNumber("image_tokens", details.ImageTokens);
        json.WriteEndObject();
    }
}
