using static OpenAIImages.Catalog.ValidationText;

namespace OpenAIImages.Catalog;

/// <summary>The prompt: required, and no longer than the model (or the JSON form of an edit) takes.</summary>
internal static class PromptRules
{
    public static void Check(ref ValidationScope scope, string? prompt, bool jsonEdit)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            scope.Add("prompt", prompt, "prompt is required and cannot be empty or white space");
            return;
        }

        ModelProfile model = scope.Model;
        int? max = model.MaxPromptLength;
        string who = model.Id + " accepts";
        if (jsonEdit && (max is null || max > SharedRules.JsonEditMaxPromptLength))
        {
            // The JSON form's schema caps the prompt whatever the model, so an unknown model meets this cap too.
            max = SharedRules.JsonEditMaxPromptLength;
            who = "edits from image references accept";
        }

        if (max is { } limit && prompt!.Length > limit)
        {
            scope.Add("prompt", Shorten(prompt), $"prompt is {Grouped(prompt.Length)} characters; {who} at most {Grouped(limit)}");
        }
    }
}
