namespace OpenAIImages.Catalog;

/// <summary>Which service a client talks to: each keeps its own lifecycle dates and serves its own formats.</summary>
internal enum ImageService
{
    /// <summary>OpenAI's own API (<c>api.openai.com</c>): its retirements are refused before sending.</summary>
    OpenAI,

    /// <summary>Azure OpenAI: Azure's own retirement dates and formats apply.</summary>
    Azure,

    /// <summary>Any other OpenAI-compatible server: no lifecycle is assumed.</summary>
    Compatible,
}
