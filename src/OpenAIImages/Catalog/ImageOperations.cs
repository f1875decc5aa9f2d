using System;

namespace OpenAIImages.Catalog;

/// <summary>The endpoints a model serves.</summary>
[Flags]
internal enum ImageOperations
{
    None = 0,
    Generate = 1,
    Edit = 2,
    Variation = 4,
    All = Generate | Edit | Variation,
}
