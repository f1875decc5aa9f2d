using System;

namespace OpenAIImages.Testing.Rules;

/// <summary>The three image operations.</summary>
[Flags]
internal enum Endpoint
{
    None = 0,
    Generations = 1,
    Edits = 2,
    Variations = 4,
}
