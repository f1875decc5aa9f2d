using System.Text.Json;

namespace OpenAIImages.Testing.Batches;

/// <summary>One line of a batch's input file, as the emulator read it.</summary>
internal sealed record BatchLine(string CustomId, string Url, JsonElement Body);
