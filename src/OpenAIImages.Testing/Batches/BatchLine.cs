namespace OpenAIImages.Testing.Batches;

/// <summary>One line of a batch's input file, as the emulator read it: its id and url, and where the line lies in the file (its body is read again when it runs).</summary>
internal sealed record BatchLine(string CustomId, string Url, long Offset, int Length);
