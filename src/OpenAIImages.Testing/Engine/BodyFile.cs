namespace OpenAIImages.Testing.Engine;

/// <summary>One multipart file part.</summary>
internal sealed record BodyFile(string Name, string FileName, string ContentType, byte[] Data);
