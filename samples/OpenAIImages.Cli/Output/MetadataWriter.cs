using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace OpenAIImages.Cli.Output;

/// <summary>Writes the metadata JSON saved beside each image, with <see cref="Utf8JsonWriter"/> (no reflection).</summary>
internal static class MetadataWriter
{
    public static byte[] Write(ImageResult result, GeneratedImage image, SaveContext context, string fileName) =>
        Write(context, image, fileName, new Response(result.Size?.Value, result.Quality?.Value, result.Created, result.RequestId, result.Usage, result.SvgUsage, Streamed: false));

    /// <summary>Writes the metadata of a streamed image from its completed event; a stream carries no request id.</summary>
    public static byte[] Write(ImageCompletedEvent completed, SaveContext context, string fileName) =>
        Write(context, completed.Image, fileName, new Response(completed.Size?.Value, completed.Quality?.Value, completed.CreatedAt, null, completed.Usage, null, Streamed: true));

    private static byte[] Write(SaveContext context, GeneratedImage image, string fileName, Response response)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteNullable(json, "prompt", context.Prompt);
            WriteNullable(json, "revised_prompt", image.RevisedPrompt);
            json.WriteString("model", context.Model);
            WriteNullable(json, "size", response.Size ?? context.Size);
            WriteNullable(json, "quality", response.Quality ?? context.Quality);
            json.WriteString("created", response.Created);
            WriteNullable(json, "request_id", response.RequestId);
            json.WriteString("file", fileName);
            if (response.Streamed)
            {
                json.WriteBoolean("streamed", true);
            }

            if (response.Usage is { } usage)
            {
                json.WriteStartObject("usage");
                json.WriteNumber("input_tokens", usage.InputTokens);
                json.WriteNumber("output_tokens", usage.OutputTokens);
                json.WriteNumber("total_tokens", usage.TotalTokens);
                WriteDetails(json, "input_tokens_details", usage.InputTokensDetails);
                WriteDetails(json, "output_tokens_details", usage.OutputTokensDetails);
                json.WriteEndObject();
            }

            if (response.SvgUsage is { } svgUsage)
            {
                json.WriteStartObject("svg_usage");
                WriteNullable(json, "model", svgUsage.Model);
                json.WriteNumber("input_tokens", svgUsage.InputTokens);
                json.WriteNumber("output_tokens", svgUsage.OutputTokens);
                json.WriteNumber("reasoning_tokens", svgUsage.ReasoningTokens);
                json.WriteNumber("total_tokens", svgUsage.TotalTokens);
                json.WriteEndObject();
            }

            WriteFilterResults(json, "content_filter_results", image.ContentFilterResults);
            WriteFilterResults(json, "prompt_filter_results", image.PromptFilterResults);

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

    /// <summary>Writes Azure OpenAI's verdict per category as Azure words it: <c>filtered</c>, and <c>severity</c> or <c>detected</c> where given.</summary>
    private static void WriteFilterResults(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, ImageContentFilterResult>? results)
    {
        if (results is null)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach ((string category, ImageContentFilterResult result) in results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(category);
            json.WriteBoolean("filtered", result.Filtered);
            if (result.Severity is { } severity)
            {
                json.WriteString("severity", severity);
            }

            if (result.Detected is { } detected)
            {
                json.WriteBoolean("detected", detected);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
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

    /// <summary>What the response said about the image, from a result or a stream's completed event.</summary>
    private sealed record Response(string? Size, string? Quality, DateTimeOffset Created, string? RequestId, ImageUsage? Usage, ImageSvgUsage? SvgUsage, bool Streamed);
}
