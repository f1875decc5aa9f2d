namespace OpenAIImages;

/// <summary>Tokens the SVG model used (<c>svg_usage</c>).</summary>
/// <param name="InputTokens">Input tokens (<c>input_tokens</c>).</param>
/// <param name="OutputTokens">Output tokens (<c>output_tokens</c>).</param>
/// <param name="ReasoningTokens">Reasoning tokens (<c>reasoning_tokens</c>).</param>
/// <param name="TotalTokens">All tokens (<c>total_tokens</c>).</param>
/// <param name="Model">The SVG model (<c>model</c>).</param>
public sealed record ImageSvgUsage(int InputTokens, int OutputTokens, int ReasoningTokens, int TotalTokens, string? Model);
