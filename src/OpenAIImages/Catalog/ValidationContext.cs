using System;

namespace OpenAIImages.Catalog;

/// <summary>Where a request goes and when: retired models and endpoints are refused by the lifecycle of the service the client talks to.</summary>
/// <param name="Service">The service: OpenAI's, Azure's, or a compatible server, which keeps its own lifecycle.</param>
/// <param name="Now">The current time, from the client's clock.</param>
internal readonly record struct ValidationContext(ImageService Service, DateTimeOffset Now)
{
    /// <summary>Gets whether the client talks to OpenAI's own API.</summary>
    public bool IsOpenAIService => Service == ImageService.OpenAI;
}
