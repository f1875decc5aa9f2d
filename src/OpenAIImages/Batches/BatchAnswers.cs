using System;
using OpenAIImages.Pipeline;

namespace OpenAIImages.Batches;

/// <summary>The error of a Batch API answer that came with success but could not be read.</summary>
internal static class BatchAnswers
{
    public static ImagesInvalidResponseException Unreadable(ImageCall call, string problem, Exception? inner = null)
    {
        string message = $"The {call.Operation} was answered with success but its body could not be read: {problem}";
        return new ImagesInvalidResponseException(message, new ImagesApiErrorDetails(200, null, null, null, message, null, null), inner);
    }
}
