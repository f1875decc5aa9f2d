namespace OpenAIImages.Cli.Output;

/// <summary>What a request asked for, to name the files and fill the metadata where the response is silent.</summary>
/// <param name="Prompt">The prompt, or null for a variation.</param>
/// <param name="NameSource">The text the file names are made from: the prompt, or a description of a variation.</param>
/// <param name="Model">The model the request named.</param>
/// <param name="Size">The size asked for, if any.</param>
/// <param name="Quality">The quality asked for, if any.</param>
internal sealed record SaveContext(string? Prompt, string NameSource, string Model, string? Size, string? Quality);
