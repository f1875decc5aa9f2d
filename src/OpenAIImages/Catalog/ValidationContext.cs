using System;

namespace OpenAIImages.Catalog;

/// <summary>Where a request goes and when: retired models and endpoints are refused only on OpenAI's own service.</summary>
/// <param name="IsOpenAIService">Whether the base address is OpenAI's (<c>api.openai.com</c>); Azure and compatible servers keep their own lifecycles.</param>
/// <param name="Now">The current time, from the client's clock.</param>
internal readonly record struct ValidationContext(bool IsOpenAIService, DateTimeOffset Now);
