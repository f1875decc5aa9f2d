using System.Collections.Generic;

namespace OpenAIImages;

/// <summary>The prompt or an input image was refused by the content policy or moderation (<c>moderation_blocked</c>, <c>content_policy_violation</c>, or Azure's <c>contentFilter</c>).</summary>
public sealed class ImagesContentPolicyException : ImagesBadRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="details">What the response said.</param>
    public ImagesContentPolicyException(string message, ImagesApiErrorDetails details)
        : this(message, details, null)
    {
    }

    /// <summary>Creates the exception with Azure's content filter results.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="details">What the response said.</param>
    /// <param name="contentFilterResults">Azure's verdict per category, or null.</param>
    public ImagesContentPolicyException(string message, ImagesApiErrorDetails details, IReadOnlyDictionary<string, ImageContentFilterResult>? contentFilterResults)
        : base(message, details)
    {
        ContentFilterResults = contentFilterResults;
    }

    /// <summary>Gets Azure OpenAI's content filter verdict per category (<c>inner_error.content_filter_results</c>), or null when the server sent none.</summary>
    public IReadOnlyDictionary<string, ImageContentFilterResult>? ContentFilterResults { get; }
}
