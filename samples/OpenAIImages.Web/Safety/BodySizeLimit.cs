using Microsoft.AspNetCore.Http.Metadata;

namespace OpenAIImages.Web.Safety;

/// <summary>An endpoint's own request body limit, in place of Kestrel's (which routing applies when the endpoint is chosen).</summary>
/// <param name="MaxRequestBodySize">The most bytes the body may have.</param>
internal sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
