namespace OpenAIImages.Testing.Batches;

/// <summary>One request of a batch's input file, read when the batch runs: its id, url and <c>body</c> as JSON bytes.</summary>
internal sealed record BatchLine(string CustomId, string Url, byte[] Body);
