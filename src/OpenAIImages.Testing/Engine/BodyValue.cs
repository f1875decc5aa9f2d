using System.Text.Json;

namespace OpenAIImages.Testing.Engine;

/// <summary>One field value: JSON (with its kind) or multipart text (<see cref="JsonKind"/> is null).</summary>
/// <param name="JsonKind">The JSON kind, or null for a multipart text part.</param>
/// <param name="Text">Unescaped text for strings and form parts; raw JSON for other JSON values.</param>
internal sealed record BodyValue(JsonValueKind? JsonKind, string Text);
