using System;

namespace OpenAIImages.Testing.Engine;

/// <summary>A piece of an answer's body and how long to wait before writing it.</summary>
internal sealed record BodyChunk(TimeSpan Delay, ReadOnlyMemory<byte> Data);
