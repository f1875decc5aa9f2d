namespace OpenAIImages.Costs;

/// <summary>What of a request decides its most cost: the same for generations, edits and variations.</summary>
/// <param name="Images">How many images are asked for (<c>n</c>).</param>
/// <param name="Size">The size sent, or null for the model's default.</param>
/// <param name="Quality">The quality sent, or null for the model's default.</param>
/// <param name="Prompt">The prompt, or null (variations).</param>
/// <param name="InputImages">The input images of an edit, the mask counted as one.</param>
/// <param name="HighFidelity">Whether the edit asks for <c>input_fidelity=high</c>.</param>
/// <param name="PartialImages">The partial images a stream asks for.</param>
internal readonly record struct CostRequest(int Images, string? Size, string? Quality, string? Prompt, int InputImages, bool HighFidelity, int PartialImages);
