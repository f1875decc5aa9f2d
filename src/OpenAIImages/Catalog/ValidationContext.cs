using System;

namespace OpenAIImages.Catalog;

/// <summary>Where a request goes and when: retired models and endpoints are refused by the lifecycle of the service the client talks to.</summary>
/// <param name="Service">The service: OpenAI's, Azure's, or a compatible server, which keeps its own lifecycle.</param>
/// <param name="Time">The client's clock, read only when a model's shutdown date is to be compared with today.</param>
internal readonly record struct ValidationContext(ImageService Service, TimeProvider Time)
{
    /// <summary>Gets whether the client talks to OpenAI's own API.</summary>
    public bool IsOpenAIService => Service == ImageService.OpenAI;

    /// <summary>Gets the current time, from the client's clock.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();
}
