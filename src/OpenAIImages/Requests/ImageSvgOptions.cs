namespace OpenAIImages;

/// <summary>Settings for SVG output (<c>svg</c>), sent with <c>output_format: svg</c>.</summary>
/// <param name="Model">The model that writes the SVG (<c>svg.model</c>), or null for the server's default.</param>
/// <param name="ReasoningEffort">How hard that model reasons (<c>svg.reasoning.effort</c>), such as <c>low</c>, <c>medium</c> or <c>high</c>; null for the default.</param>
public sealed record ImageSvgOptions(string? Model = null, string? ReasoningEffort = null);
