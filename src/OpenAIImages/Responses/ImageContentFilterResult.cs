namespace OpenAIImages;

/// <summary>What Azure OpenAI's content filter said about one category (such as <c>hate</c>, <c>sexual</c>, <c>violence</c>, <c>self_harm</c>, <c>profanity</c>, <c>jailbreak</c>).</summary>
/// <param name="Filtered">Whether the filter blocked the content for this category.</param>
/// <param name="Severity">The severity found (<c>safe</c>, <c>low</c>, <c>medium</c>, <c>high</c>), for severity categories.</param>
/// <param name="Detected">Whether the content was detected, for detection categories such as <c>profanity</c> or <c>jailbreak</c>.</param>
public sealed record ImageContentFilterResult(bool Filtered, string? Severity, bool? Detected);
