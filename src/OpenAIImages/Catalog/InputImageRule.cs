using System.Collections.Generic;
using OpenAIImages.Requests;

namespace OpenAIImages.Catalog;

/// <summary>What input images a model takes for one endpoint.</summary>
/// <param name="Formats">The formats taken, read from the bytes.</param>
/// <param name="MaxBytes">The largest file taken; files must be smaller than this.</param>
/// <param name="MustBeSquare">Whether width must equal height.</param>
/// <param name="MaxCount">How many images one request takes.</param>
internal sealed record InputImageRule(IReadOnlyList<ImageFileFormat> Formats, long MaxBytes, bool MustBeSquare, int MaxCount);
