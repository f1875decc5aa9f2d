using System.Collections.Generic;

namespace OpenAIImages.Cli.Commands;

/// <summary>One line of a batch's manifest.jsonl: what became of one prompt.</summary>
/// <param name="Index">The prompt's place among the prompts of the file, from 1.</param>
/// <param name="Prompt">The prompt as sent.</param>
/// <param name="Ok">Whether its images were made and saved (status <c>ok</c>), else <c>failed</c>.</param>
/// <param name="Files">The saved images' file names, in the --out folder.</param>
/// <param name="RequestId">The request id the API answered with, if any.</param>
/// <param name="Error">Why it failed, in one line; null when it did not.</param>
internal sealed record ManifestEntry(int Index, string Prompt, bool Ok, IReadOnlyList<string> Files, string? RequestId, string? Error)
{
    /// <summary>Gets whether the entry was read from the manifest of an earlier run rather than made by this one.</summary>
    public bool Earlier { get; init; }

    /// <summary>Gets what the prompt cost (<see cref="ImageResult.Cost"/>), or null when it failed or its cost is unknown.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Gets the currency of <see cref="Cost"/>.</summary>
    public string? Currency { get; init; }
}
