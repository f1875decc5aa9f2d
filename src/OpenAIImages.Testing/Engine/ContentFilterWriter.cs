using System;
using System.Linq;
using System.Text.Json;

namespace OpenAIImages.Testing.Engine;

/// <summary>Writes Azure OpenAI's content filter results as its image answers and refusals word them: categories in name order, each <c>{filtered, severity}</c> or <c>{detected, filtered}</c>.</summary>
internal static class ContentFilterWriter
{
    // As in Azure's recorded dall-e-3 answers: the image is judged on four categories, the prompt on profanity too.
    private static readonly string[] ImageCategories = ["hate", "self_harm", "sexual", "violence"];
    private static readonly string[] PromptCategories = ["hate", "profanity", "self_harm", "sexual", "violence"];

    // A refusal of an image prompt also reports the jailbreak check.
    private static readonly string[] RefusalCategories = ["hate", "jailbreak", "self_harm", "sexual", "violence"];

    /// <summary>Writes an image's <c>content_filter_results</c> and <c>prompt_filter_results</c>, every category safe.</summary>
    public static void WriteSafe(Utf8JsonWriter writer)
    {
        Write(writer, "content_filter_results", ImageCategories, null, null);
        Write(writer, "prompt_filter_results", PromptCategories, null, null);
    }

    /// <summary>Writes a refusal's <c>content_filter_results</c>: <paramref name="category"/> filtered at <paramref name="severity"/>, the others safe.</summary>
    public static void WriteRefusal(Utf8JsonWriter writer, string category, string severity)
    {
        string[] categories = RefusalCategories.Contains(category, StringComparer.Ordinal)
            ? RefusalCategories
            : RefusalCategories.Append(category).Order(StringComparer.Ordinal).ToArray();
        Write(writer, "content_filter_results", categories, category, severity);
    }

    private static void Write(Utf8JsonWriter writer, string name, string[] categories, string? filtered, string? severity)
    {
        writer.WriteStartObject(name);
        foreach (string category in categories)
        {
            bool hit = category == filtered;
            writer.WriteStartObject(category);
            if (IsDetection(category))
            {
                writer.WriteBoolean("detected", hit);
                writer.WriteBoolean("filtered", hit);
            }
            else
            {
                writer.WriteBoolean("filtered", hit);
                writer.WriteString("severity", hit ? severity : "safe");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static bool IsDetection(string category) =>
        category is "jailbreak" or "profanity" || category.StartsWith("protected_material", StringComparison.Ordinal);
}
