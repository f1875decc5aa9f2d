using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>Fills one row of one animation frame with RGBA bytes.</summary>
/// <param name="frame">The frame index, from 0.</param>
/// <param name="y">The row index, from the top.</param>
/// <param name="row">The row's RGBA bytes to fill.</param>
internal delegate void FrameRowFiller(int frame, int y, Span<byte> row);
