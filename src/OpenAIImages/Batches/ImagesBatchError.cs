namespace OpenAIImages.Batches;

/// <summary>Why the service refused a batch's input file (one entry of the batch object's <c>errors.data</c>).</summary>
/// <param name="Code">The error code, such as <c>invalid_request</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Param">The field the error is about, when the service named one.</param>
/// <param name="Line">The input file's line (1-based), when the error is about one line.</param>
public sealed record ImagesBatchError(string? Code, string Message, string? Param, int? Line);
