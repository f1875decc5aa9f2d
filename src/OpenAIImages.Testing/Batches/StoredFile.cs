namespace OpenAIImages.Testing.Batches;

/// <summary>A file of the emulated <c>/v1/files</c>: an uploaded batch input, or a batch's output or error file.</summary>
internal sealed record StoredFile(string Id, string FileName, string Purpose, long CreatedAt, byte[] Content);
